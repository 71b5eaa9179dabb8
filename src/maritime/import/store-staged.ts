import type { DuckDBConnection } from "@duckdb/node-api";
import { IDENTITY_FIELDS, rebuildIdentitySpans } from "../identity.js";
import { POSITION_TABLE } from "../positions.js";
import { addRejects, type RejectCounts, type RejectReason } from "./reject-reasons.js";
import { IDENTITY_COLUMNS, STAGED_IDENTITIES, STAGED_POSITIONS } from "./staging.js";

export interface StoreOptions {
  /** Refuse positions earlier than the vessel's previous one in the file by more than this. */
  readonly maxReorderSeconds: number | null;
}

/**
 * The checks every format shares, then the write: positions out of order (receive order of a
 * log; CSV files have none, so `maxReorderSeconds` is null for them), duplicates within the
 * file and against what is stored, then the positions in (mmsi, time) order, the identity
 * reports that say something new, and the rebuilt identity spans. Runs inside the caller's
 * transaction. Returns the positions and reports stored and the rejections by reason.
 */
export async function storeStaged(
  connection: DuckDBConnection,
  options: StoreOptions,
  rejected: RejectCounts,
): Promise<{ positions: number; reports: number }> {
  const reorder =
    options.maxReorderSeconds === null
      ? "false"
      : `time < max(CASE WHEN reason IS NULL THEN time END) OVER (PARTITION BY mmsi ORDER BY line
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) - ${Number(options.maxReorderSeconds)}`;
  // Duplicates are found by grouping on (mmsi, time), a hash aggregate: a window over the
  // same partition sorts every row and took three times as long on a million rows. The joins
  // are on equalities only: any other condition in ON makes DuckDB join by nested loops.
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE maritime_checked_position AS
    WITH ordered AS (
      SELECT *, CASE WHEN reason IS NULL AND ${reorder} THEN 'out_of_order' ELSE reason END AS r1
      FROM ${STAGED_POSITIONS}
    ),
    stored AS (
      SELECT DISTINCT mmsi, time FROM ${POSITION_TABLE}
      WHERE mmsi IN (SELECT DISTINCT mmsi FROM ${STAGED_POSITIONS} WHERE reason IS NULL)
    ),
    firsts AS (
      SELECT mmsi, time, min(line) AS first FROM ordered WHERE r1 IS NULL GROUP BY mmsi, time
    )
    SELECT o.line, o.mmsi, o.time, o.lat, o.lon, o.sog, o.cog, o.heading,
      CASE
        WHEN o.r1 IS NOT NULL THEN o.r1
        WHEN o.line <> f.first OR s.mmsi IS NOT NULL THEN 'duplicate'
      END AS reason
    FROM ordered o
    LEFT JOIN firsts f ON o.mmsi = f.mmsi AND o.time = f.time
    LEFT JOIN stored s ON o.mmsi = s.mmsi AND o.time = s.time;`);
  const counts = await connection.runAndReadAll(
    `SELECT reason, count(*)::DOUBLE, min(line)::DOUBLE FROM maritime_checked_position
     WHERE reason IS NOT NULL GROUP BY reason`,
  );
  for (const [reason, count, line] of counts.getRows())
    addRejects(rejected, reason as RejectReason, Number(count), Number(line));
  const inserted = await connection.run(`
    INSERT INTO ${POSITION_TABLE}
    SELECT mmsi::UINTEGER, time, lat, lon, sog, cog, heading FROM maritime_checked_position
    WHERE reason IS NULL ORDER BY mmsi, time`);
  const reports = await storeReports(connection);
  await connection.run("DROP TABLE maritime_checked_position");
  return { positions: Number(inserted.rowsChanged), reports };
}

/**
 * Keeps, of each distinct identity a vessel reported in the file, its first and last report
 * (a NOAA file repeats the static columns on every row: ten million rows, a few thousand
 * identities), unless stored already. A hash aggregate, not a window: a vessel that flips
 * between two identities and back keeps both flips, with the span ends at the reports kept.
 */
async function storeReports(connection: DuckDBConnection): Promise<number> {
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
