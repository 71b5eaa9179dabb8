import { createHash } from "node:crypto";
import * as OTPAuth from "otpauth";
import type { Context } from "../store/index.js";
import { createOrg, listOrgs } from "./orgs.js";
import { type ScryptCost, STRONG_COST } from "./password.js";
import type { Role } from "./principal.js";
import type { OrgInput } from "./schema.js";
import { enrolTotp, totpUri } from "./totp.js";
import { createUser, listUsers, requiresTotp } from "./users.js";

/** The MSMT's eleven participating states (joint statement of 16 October 2024). */
const PARTICIPATING_STATES: readonly (readonly [string, string])[] = [
  ["au", "Australia"],
  ["ca", "Canada"],
  ["fr", "France"],
  ["de", "Germany"],
  ["it", "Italy"],
  ["jp", "Japan"],
  ["nl", "the Netherlands"],
  ["nz", "New Zealand"],
  ["kr", "the Republic of Korea"],
  ["gb", "the United Kingdom"],
  ["us", "the United States"],
];

/** Organisations of the demo: every state's delegation, the secretariat, two contributors. */
export const DEMO_ORGS: readonly OrgInput[] = [
  ...PARTICIPATING_STATES.map(([country, name]) => ({
    id: `${country}-delegation`,
    name: `Delegation of ${name}`,
    kind: "delegation" as const,
    country,
  })),
  { id: "msmt-secretariat", name: "MSMT Secretariat", kind: "secretariat", country: null },
  {
    id: "harbourlight-research",
    name: "Harbourlight Open-Source Research (demo)",
    kind: "research_group",
    country: "gb",
  },
  {
    id: "ledgerscope-analytics",
    name: "Ledgerscope Chain Analytics Ltd (demo)",
    kind: "company",
    country: "us",
  },
];

interface DemoUserSpec {
  readonly username: string;
  readonly displayName: string;
  readonly orgId: string;
  readonly roles: readonly Role[];
}

const DEMO_USERS: readonly DemoUserSpec[] = [
  {
    username: "us-analyst",
    displayName: "Avery Collins",
    orgId: "us-delegation",
    roles: ["analyst"],
  },
  {
    username: "us-reviewer",
    displayName: "Jordan Reyes",
    orgId: "us-delegation",
    roles: ["reviewer"],
  },
  {
    username: "jp-analyst",
    displayName: "Sato Haruka",
    orgId: "jp-delegation",
    roles: ["analyst", "reviewer"],
  },
  {
    username: "kr-analyst",
    displayName: "Kim Min-jun",
    orgId: "kr-delegation",
    roles: ["analyst"],
  },
  {
    username: "kr-reviewer",
    displayName: "Lee Seo-yeon",
    orgId: "kr-delegation",
    roles: ["reviewer"],
  },
  {
    username: "uk-reviewer",
    displayName: "Eleanor Hughes",
    orgId: "gb-delegation",
    roles: ["reviewer", "analyst"],
  },
  {
    username: "fr-analyst",
    displayName: "Camille Laurent",
    orgId: "fr-delegation",
    roles: ["analyst"],
  },
  {
    username: "coordinator",
    displayName: "Maria Santos",
    orgId: "msmt-secretariat",
    roles: ["coordinator", "reviewer"],
  },
  {
    username: "admin",
    displayName: "Secretariat administrator",
    orgId: "msmt-secretariat",
    roles: ["administrator"],
  },
  {
    username: "osint-contributor",
    displayName: "Sam Okafor",
    orgId: "harbourlight-research",
    roles: ["contributor"],
  },
  {
    username: "chain-contributor",
    displayName: "Riley Chen",
    orgId: "ledgerscope-analytics",
    roles: ["contributor"],
  },
];

export interface DemoUser extends DemoUserSpec {
  /** The demo password: public, for the demo only. */
  readonly password: string;
  /** For coordinators and administrators: the TOTP secret and its otpauth:// URI. */
  readonly totp?: { readonly secret: string; readonly uri: string };
  /** False when the user existed already (left untouched). */
  readonly created: boolean;
}

export interface AccessDemo {
  readonly orgsCreated: number;
  readonly users: readonly DemoUser[];
}

/** The demo password of a demo user: known, printed, never for real use. */
export function demoPassword(username: string): string {
  return `demo-${username}-2026`;
}

/**
 * Creates the demo organisations and one user of each role (several delegations, the
 * secretariat, a research group, a company), with known passwords and, for coordinators and
 * administrators, known TOTP secrets. Leaves existing organisations and users as they are, so
 * it can run on every start. The caller prints what it returns.
 */
export async function seedAccessDemo(
  ctx: Context,
  options: { readonly cost?: ScryptCost } = {},
): Promise<AccessDemo> {
  const existingOrgs = new Set((await listOrgs(ctx)).map((o) => o.id));
  let orgsCreated = 0;
  for (const org of DEMO_ORGS) {
    if (existingOrgs.has(org.id)) continue;
    await createOrg(ctx, org);
    orgsCreated++;
  }
  const existingUsers = new Set((await listUsers(ctx)).map((u) => u.username));
  const users: DemoUser[] = [];
  for (const spec of DEMO_USERS) {
    const created = !existingUsers.has(spec.username);
    const password = demoPassword(spec.username);
    if (created)
      await createUser(
        ctx,
        { ...spec, roles: [...spec.roles], password },
        { cost: options.cost ?? STRONG_COST },
      );
    const secret = requiresTotp(spec.roles) ? demoTotpSecret(spec.username) : undefined;
    const totp =
      secret === undefined ? undefined : await enrolIfNew(ctx, spec.username, secret, created);
    users.push({ ...spec, password, created, ...(totp === undefined ? {} : { totp }) });
  }
  return { orgsCreated, users };
}

async function enrolIfNew(ctx: Context, username: string, secret: string, created: boolean) {
  if (created) return enrolTotp(ctx, username, secret);
  return { secret, uri: totpUri(username, secret) };
}

/** A fixed secret per demo user, so that the demo's authenticator entries survive a reset. */
function demoTotpSecret(username: string): string {
  const bytes = createHash("sha256")
    .update(`cordon-demo-totp:${username}`)
    .digest()
    .subarray(0, 20);
  return new OTPAuth.Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 20) })
    .base32;
}
