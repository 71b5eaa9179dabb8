import type { Kysely } from "kysely";
import type { Principal } from "../access/principal.js";
import { type AuditEntry, appendAudit, type Context, type Database } from "../store/index.js";
import type { CaseworkTables } from "./tables.js";

/** The store's database with the casework tables declared (0007_casework.sql). */
export type CaseworkDb = Kysely<Database & CaseworkTables>;

export function caseworkDb(ctx: Context): CaseworkDb {
  return ctx.db.withTables<CaseworkTables>();
}

/** How a principal is written in the audit log. */
export function auditActor(principal: Principal): string {
  return `user:${principal.username}`;
}

/**
 * Appends to the hash-chained audit log in `trx`, the transaction of the change (or read) it
 * records, as `principal`.
 */
export async function audit(
  trx: CaseworkDb,
  principal: Principal,
  entry: Omit<AuditEntry, "actor">,
): Promise<void> {
  await appendAudit(trx as unknown as Kysely<Database>, { ...entry, actor: auditActor(principal) });
}
