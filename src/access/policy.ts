import { Forbidden, NotFound } from "../model/index.js";
import { canReadMarking } from "./marking.js";
import type { Marking, Principal, Role } from "./principal.js";

/**
 * The one policy layer: per principal and record, what may be seen (the record's marking,
 * marking.ts) and what may be done (the principal's roles, below). Routes and commands never
 * decide themselves; they call `authorize` and show `allowedActions`.
 */
export interface Marked {
  readonly marking: Marking;
}

type Rule = (principal: Principal, record: Marked) => boolean;
export type Policy<A extends string> = { readonly read: Rule } & Readonly<Record<A, Rule>>;

const has = (principal: Principal, ...roles: Role[]) =>
  roles.some((role) => principal.roles.includes(role));
const read: Rule = (principal, record) => canReadMarking(principal, record.marking);
const sameOrg = (principal: Principal, record: Marked) => record.marking.orgId === principal.orgId;

/** Evidence: files and records an organisation submitted. */
export const evidencePolicy = {
  read,
  /** Fetch the stored bytes (a "viewed" custody entry). */
  download: read,
  export: (p, e) => read(p, e) && has(p, "analyst", "reviewer", "coordinator"),
  /** A redacted copy is made by the originating organisation, which knows what to protect. */
  redact: (p, e) => read(p, e) && sameOrg(p, e) && has(p, "analyst", "coordinator"),
  attach: (p, e) => read(p, e) && has(p, "analyst", "coordinator"),
} satisfies Policy<string>;

/** Incidents (findings): analysts of the originating organisation and coordinators edit. */
export const incidentPolicy = {
  read,
  update: (p, i) => read(p, i) && (has(p, "coordinator") || (has(p, "analyst") && sameOrg(p, i))),
  /** Review is a challenge function: only reviewers of other organisations. */
  review: (p, i) => read(p, i) && has(p, "reviewer") && !sameOrg(p, i),
  /** Substantiation is the coordinator's sign-off (and needs the evidentiary rule). */
  sign_off: (p, i) => read(p, i) && has(p, "coordinator"),
  send_rfi: (p, i) => read(p, i) && has(p, "analyst", "coordinator"),
  recommend: (p, i) => read(p, i) && has(p, "analyst", "coordinator"),
} satisfies Policy<string>;

/** Requests for information. */
export const rfiPolicy = {
  read,
  update: (p, r) => read(p, r) && (has(p, "coordinator") || (has(p, "analyst") && sameOrg(p, r))),
} satisfies Policy<string>;

/** Designation recommendations. */
export const recommendationPolicy = {
  read,
  update: (p, r) => read(p, r) && (has(p, "coordinator") || (has(p, "analyst") && sameOrg(p, r))),
  /** The listing-form export goes to national regimes: the coordinator's decision. */
  export: (p, r) => read(p, r) && has(p, "coordinator"),
} satisfies Policy<string>;

/** Who may create records at all (their marking is then the creator's organisation). */
export const createPolicy = {
  evidence: (p: Principal) => has(p, "analyst", "contributor", "coordinator"),
  incident: (p: Principal) => has(p, "analyst", "coordinator"),
  recommendation: (p: Principal) => has(p, "analyst", "coordinator"),
  rfi: (p: Principal) => has(p, "analyst", "coordinator"),
} as const;

/** The actions of `policy` that `principal` may take on `record`, for the client to show. */
export function allowedActions<A extends string>(
  policy: Policy<A>,
  principal: Principal,
  record: Marked,
): string[] {
  return Object.entries(policy)
    .filter(([, rule]) => (rule as Rule)(principal, record))
    .map(([action]) => action);
}

/**
 * Throws unless `principal` may take `action` on `record`: NotFound when they may not even
 * read it (so that existence does not leak), Forbidden when they may read but not act.
 */
export function authorize<A extends string>(
  policy: Policy<A>,
  action: A | "read",
  principal: Principal,
  record: Marked & { readonly id: string },
  kind: string,
): void {
  if (!policy.read(principal, record)) throw notFound(kind, record.id);
  const rule = (policy as Readonly<Record<string, Rule>>)[action];
  if (rule === undefined || !rule(principal, record))
    throw new Forbidden(
      "forbidden",
      `${principal.username} may not ${action} ${kind} ${record.id}`,
    );
}

/** The one "not found" a hidden and a missing record both answer. */
export function notFound(kind: string, id: string): NotFound {
  return new NotFound(`${kind}_not_found`, `no ${kind} with id ${id}`);
}

/** Throws Forbidden unless `principal` may create a `kind`. */
export function authorizeCreate(principal: Principal, kind: keyof typeof createPolicy): void {
  if (!createPolicy[kind](principal))
    throw new Forbidden("forbidden", `${principal.username} may not create ${kind}`);
}
