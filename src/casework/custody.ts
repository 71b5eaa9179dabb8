import type { Principal } from "../access/principal.js";
import type { CaseworkDb } from "./db.js";
import type { CustodyEntryBody } from "./schema.js";

export type CustodyAction = "received" | "viewed" | "exported" | "redacted";

/** Appends one link to an evidence item's chain of custody (append-only table). */
export async function appendCustody(
  trx: CaseworkDb,
  principal: Principal,
  evidenceId: string,
  action: CustodyAction,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await trx
    .insertInto("casework_custody")
    .values({
      evidence_id: evidenceId,
      action,
      actor_id: principal.userId,
      actor_name: principal.username,
      detail: JSON.stringify(detail),
    })
    .execute();
}

/** The chain of custody of one item, oldest first. */
export async function listCustody(
  trx: CaseworkDb,
  evidenceId: string,
): Promise<CustodyEntryBody[]> {
  const rows = await trx
    .selectFrom("casework_custody")
    .selectAll()
    .where("evidence_id", "=", evidenceId)
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    action: row.action,
    by: row.actor_name,
    at: new Date(row.at).toISOString(),
    detail: row.detail,
  }));
}
