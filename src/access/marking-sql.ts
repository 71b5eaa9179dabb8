import {
  type Expression,
  type Kysely,
  type QueryExecutorProvider,
  type SqlBool,
  sql,
} from "kysely";
import type { Principal } from "./principal.js";

/**
 * The role casework reads run as. Row-level security binds it, not the connection's user:
 * PostgreSQL lets superusers and table owners bypass RLS, and Cordon's connection owns the
 * tables (it ran the migrations). So a read switches to this non-owner role for the rest of
 * its transaction (SET LOCAL ROLE) with the principal in two transaction-local settings
 * (`cordon.org_id`, `cordon.user_id`) that the policies in 0007_casework.sql read. The
 * role has SELECT only; writes happen after `leaveReader`, as the owner, and decide through
 * the policy layer. Both engines (PGlite, PostgreSQL) enforce it the same way.
 */
export const READER_ROLE = "cordon_casework_reader";

/**
 * The read rule of marking.ts as a SQL condition on `table`'s marking columns (org_id, tlp,
 * releasable_to text[], recipients text[]), for every list query: the same rule, set-based.
 */
export function visibleWhere(principal: Principal, table: string): Expression<SqlBool> {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  const org = principal.orgId;
  return sql<SqlBool>`(${col("tlp")} IN ('CLEAR', 'GREEN')
    OR (${col("tlp")} = 'AMBER' AND (${col("org_id")} = ${org} OR ${col("releasable_to")} @> ARRAY[${org}]::text[]))
    OR (${col("tlp")} = 'AMBER+STRICT' AND ${col("org_id")} = ${org})
    OR (${col("tlp")} = 'RED' AND ${col("recipients")} @> ARRAY[${principal.userId}]::text[]))`;
}

/**
 * Makes the rest of transaction `trx` read as `principal` under row-level security: rows the
 * principal may not see are absent, whatever a query forgets to filter. Call inside a
 * transaction only (SET LOCAL ends with it).
 */
export async function enterReader(trx: QueryExecutorProvider, principal: Principal): Promise<void> {
  await sql`SELECT set_config('cordon.org_id', ${principal.orgId}, true), set_config('cordon.user_id', ${principal.userId}, true)`.execute(
    trx,
  );
  await sql.raw(`SET LOCAL ROLE ${READER_ROLE}`).execute(trx);
}

/** Back to the connection's own role, to write what the read must leave (custody, audit). */
export async function leaveReader(trx: QueryExecutorProvider): Promise<void> {
  await sql`RESET ROLE`.execute(trx);
}

/** Runs `work` in a transaction that reads as `principal` (see READER_ROLE). */
export async function readAs<DB, T>(
  db: Kysely<DB>,
  principal: Principal,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await enterReader(trx, principal);
    const result = await work(trx);
    await leaveReader(trx);
    return result;
  });
}
