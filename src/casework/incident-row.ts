import type { Selectable } from "kysely";
import { visibleWhere } from "../access/marking-sql.js";
import { notFound } from "../access/policy.js";
import type { Principal } from "../access/principal.js";
import type { CaseworkDb } from "./db.js";
import type { IncidentTable } from "./tables.js";

export type IncidentRow = Selectable<IncidentTable>;

/** The incident if it exists and the principal may read it, else NotFound. */
export async function selectIncident(
  trx: CaseworkDb,
  principal: Principal,
  id: string,
): Promise<IncidentRow> {
  const row = await trx
    .selectFrom("casework_incident as i")
    .selectAll()
    .where("i.id", "=", id)
    .where(visibleWhere(principal, "i"))
    .executeTakeFirst();
  if (row === undefined) throw notFound("incident", id);
  return row;
}
