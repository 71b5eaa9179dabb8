import type { DuckDBConnection } from "@duckdb/node-api";
import { IDENTITY_FIELDS, rebuildIdentitySpans } from "../identity.js";
import { IDENTITY_COLUMNS, STAGED_IDENTITIES } from "./staging.js";

/**
 * Keeps, of each distinct identity a vessel reported in the file, its first and last report
 * (a NOAA file repeats the static columns on every row: ten million rows, a few thousand
 * identities), unless stored already. A hash aggregate, not a window: a vessel that flips
 * between two identities and back keeps both flips, with the span ends at the reports kept.
 */
export async function storeReports(connection: DuckDBConnection): Promise<number> {
  const fields = IDENTITY_FIELDS.join(", ");
  const anyField = IDENTITY_FIELDS.map((f) => `${f} IS NOT NULL`).join(" OR ");
  const inserted = await connection.run(`
    INSERT INTO maritime_identity_report
    WITH runs AS (
      SELECT mmsi, min(time) AS first, max(time) AS last, ${fields}
      FROM ${STAGED_IDENTITIES} WHERE ${anyField} GROUP BY mmsi, ${fields}
    )
    SELECT mmsi, first, ${fields} FROM runs
    UNION SELECT mmsi, last, ${fields} FROM runs
    EXCEPT SELECT ${IDENTITY_COLUMNS} FROM maritime_identity_report`);
  if (Number(inserted.rowsChanged) > 0) await rebuildIdentitySpans(connection, STAGED_IDENTITIES);
  return Number(inserted.rowsChanged);
}
