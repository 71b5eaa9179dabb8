import type { DuckDBConnection } from "@duckdb/node-api";
import { IDENTITY_FIELDS, rebuildIdentitySpans } from "../identity.js";
import { POSITION_TABLE } from "../positions.js";
import { addRejects, type RejectCounts, type RejectReason } from "./reject-reasons.js";
import { IDENTITY_COLUMNS, STAGED_IDENTITIES, STAGED_LINES, STAGED_POSITIONS } from "./staging.js";

export interface StoreOptions {
  /** Refuse positions earlier than the vessel's previous one in the file by more than this. */
  readonly maxReorderSeconds: number | null;
}

/** (mmsi, time) read more than once in the file, with the line of the first. */
const REPEATED_KEYS = "maritime_repeated_key";
/** (mmsi, time) of the file already stored. */
const STORED_KEYS = "maritime_stored_key";

/**
 * The checks every format shares, then the write: positions out of order (receive order of a
 * log; CSV files have none, so `maxReorderSeconds` is null for them), duplicates within the
 * file and against what is stored, then the positions in (mmsi, time) order, the identity
 * reports that say something new, and the rebuilt identity spans. Runs inside the caller's
 * transaction. Returns the positions and reports stored and the rejections by reason.
 *
 * Duplicates are rare, so only their keys are kept (two small tables) and each row is looked
 * up in them: a copy of every staged row with its verdict cost a full pass and as much memory
 * as the staging table. With no duplicate at all (a first import of a clean file), the rows go
 * from the staging table to the store with no join.
 */
export async function storeStaged(
  connection: DuckDBConnection,
  options: StoreOptions,
  rejected: RejectCounts,
): Promise<{ positions: number; reports: number }> {
  if (options.maxReorderSeconds !== null)
    await refuseOutOfOrder(connection, options.maxReorderSeconds);
  try {
    const duplicates = await findDuplicates(connection);
    const checked = duplicates
      ? `(SELECT o.*, CASE
            WHEN o.reason IS NOT NULL THEN o.reason
            WHEN o.line <> r.first OR s.mmsi IS NOT NULL THEN 'duplicate'
          END AS refused
        FROM ${STAGED_LINES} o
        LEFT JOIN ${REPEATED_KEYS} r ON o.mmsi = r.mmsi AND o.time = r.time
        LEFT JOIN ${STORED_KEYS} s ON o.mmsi = s.mmsi AND o.time = s.time)`
      : `(SELECT *, reason AS refused FROM ${STAGED_LINES})`;
    const counts = await connection.runAndReadAll(
      `SELECT refused, count(*)::DOUBLE, min(line)::DOUBLE FROM ${checked}
       WHERE refused IS NOT NULL GROUP BY refused`,
    );
    for (const [reason, count, line] of counts.getRows())
      addRejects(rejected, reason as RejectReason, Number(count), Number(line));
    const inserted = await connection.run(`
      INSERT INTO ${POSITION_TABLE}
      SELECT mmsi::UINTEGER, time, lat, lon, sog, cog, heading FROM ${checked}
      WHERE refused IS NULL ORDER BY mmsi, time`);
    const reports = await storeReports(connection);
    return { positions: Number(inserted.rowsChanged), reports };
  } finally {
    await connection.run(
      `DROP TABLE IF EXISTS ${REPEATED_KEYS}; DROP TABLE IF EXISTS ${STORED_KEYS};`,
    );
  }
}

/**
 * Marks the positions earlier than the vessel's latest one before them in the log (receive
 * order) by more than `seconds`, judged on the positions refused for nothing else.
 */
async function refuseOutOfOrder(connection: DuckDBConnection, seconds: number): Promise<void> {
  await connection.run(`
    UPDATE ${STAGED_POSITIONS} SET reason = 'out_of_order' WHERE rowid IN (
      SELECT rowid FROM (
        SELECT rowid, reason, time < max(CASE WHEN reason IS NULL THEN time END) OVER (
            PARTITION BY mmsi ORDER BY coalesce(line, rowid + 2)
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) - ${Number(seconds)} AS late
        FROM ${STAGED_POSITIONS})
      WHERE reason IS NULL AND late)`);
}

/**
 * Fills the keys of the positions (refused for nothing else) read twice in the file and of
 * those already stored; true when there is any. Duplicates are found by grouping on
 * (mmsi, time), a hash aggregate: a window over the same partition sorts every row and took
 * three times as long on a million rows. The join is on equalities only: any other condition
 * in ON makes DuckDB join by nested loops.
 */
async function findDuplicates(connection: DuckDBConnection): Promise<boolean> {
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE ${REPEATED_KEYS} AS
    SELECT mmsi, time, min(line) AS first FROM ${STAGED_LINES}
    WHERE reason IS NULL GROUP BY mmsi, time HAVING count(*) > 1;
    CREATE OR REPLACE TEMP TABLE ${STORED_KEYS} AS
    SELECT DISTINCT o.mmsi, o.time FROM ${STAGED_POSITIONS} o
    JOIN (
      SELECT mmsi, time FROM ${POSITION_TABLE}
      WHERE mmsi IN (SELECT DISTINCT mmsi FROM ${STAGED_POSITIONS} WHERE reason IS NULL)
    ) s ON o.mmsi = s.mmsi AND o.time = s.time
    WHERE o.reason IS NULL;`);
  const reader = await connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM ${REPEATED_KEYS}) + (SELECT count(*) FROM ${STORED_KEYS})`,
  );
  return Number(reader.getRows()[0]?.[0] ?? 0) > 0;
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
