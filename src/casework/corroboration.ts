import type { Principal } from "../access/principal.js";
import { Forbidden } from "../model/index.js";
import type { Context } from "../store/index.js";
import { audit, type CaseworkDb, caseworkDb } from "./db.js";
import { type CorroborationBody, type CorroborationRule, RuleInput } from "./schema.js";

/**
 * The default evidentiary rule: at least two independent sources, each of reliability C or
 * better and credibility 3 or better; verifiable documents and imagery count as a source of
 * their own beside the organisation that reports (see assessCorroboration).
 */
export const DEFAULT_RULE: Readonly<CorroborationRule> = {
  min_sources: 2,
  min_reliability: "C",
  max_credibility: 3,
  verifiable_kinds: ["imagery", "document"],
};

/** What the rule needs to know of an evidence item. */
export interface SourceItem {
  readonly id: string;
  readonly orgId: string;
  readonly kind: string;
  readonly reliability: string;
  readonly credibility: number;
}

/** The rule in words, as every verdict states its method. */
export function describeRule(rule: CorroborationRule): string {
  return (
    `at least ${rule.min_sources} independent sources among items graded ${rule.min_reliability} or better ` +
    `(reliability) and ${rule.max_credibility} or better (credibility); each originating organisation ` +
    `is one source, and verifiable ${rule.verifiable_kinds.join(" or ")} count as one more when the ` +
    "incident also has a qualifying item of another kind"
  );
}

/**
 * Whether `items` corroborate an incident under `rule`. Independent sources are the distinct
 * originating organisations of the qualifying items, plus one when a qualifying verifiable
 * item (a document, imagery) stands beside a qualifying item of another kind: a state's
 * report and the satellite image that shows the same transfer are two sources even when the
 * same state submits both, while two images from one state are one. Every verdict says why.
 */
export function assessCorroboration(
  items: readonly SourceItem[],
  rule: CorroborationRule = DEFAULT_RULE,
): CorroborationBody {
  const reasons: string[] = [];
  const qualifying = items.filter((item) => {
    if (item.reliability > rule.min_reliability) {
      reasons.push(
        `${item.id} does not count: source reliability ${item.reliability} is worse than ${rule.min_reliability}`,
      );
      return false;
    }
    if (item.credibility > rule.max_credibility) {
      reasons.push(
        `${item.id} does not count: information credibility ${item.credibility} is worse than ${rule.max_credibility}`,
      );
      return false;
    }
    return true;
  });
  const orgs = new Set(qualifying.map((item) => item.orgId));
  const verifiable = qualifying.some((item) => rule.verifiable_kinds.includes(item.kind as never));
  const other = qualifying.some((item) => !rule.verifiable_kinds.includes(item.kind as never));
  const sources = orgs.size + (verifiable && other ? 1 : 0);
  const satisfied = sources >= rule.min_sources;
  reasons.push(
    // Counts, not names: an organisation whose items a reader may not see stays unnamed.
    `${sources} independent source${sources === 1 ? "" : "s"} (${orgs.size} organisation${orgs.size === 1 ? "" : "s"}${verifiable && other ? ", plus verifiable documents or imagery" : ""}); the rule needs ${rule.min_sources}`,
  );
  return {
    satisfied,
    independent_sources: sources,
    required_sources: rule.min_sources,
    qualifying: qualifying.map((item) => item.id),
    reasons,
    method: describeRule(rule),
  };
}

/** The rule in force: the latest one set, else DEFAULT_RULE. */
export async function currentRule(trx: CaseworkDb): Promise<CorroborationRule> {
  const row = await trx
    .selectFrom("casework_rule")
    .select("rule")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? DEFAULT_RULE : RuleInput.parse(row.rule);
}

/** The rule in force, for callers outside a transaction. */
export async function getRule(ctx: Context): Promise<CorroborationRule> {
  return currentRule(caseworkDb(ctx));
}

/** Sets the rule (coordinators and administrators), recorded in the audit log. */
export async function setRule(
  ctx: Context,
  principal: Principal,
  rule: CorroborationRule,
): Promise<CorroborationRule> {
  const db = caseworkDb(ctx);
  if (!principal.roles.some((r) => r === "coordinator" || r === "administrator"))
    throw new Forbidden("forbidden", `${principal.username} may not set the evidentiary rule`);
  const parsed = RuleInput.parse(rule);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("casework_rule")
      .values({ rule: JSON.stringify(parsed), set_by: principal.username })
      .execute();
    await audit(trx, principal, { action: "casework.rule.set", subject: "rule", detail: parsed });
  });
  return parsed;
}
