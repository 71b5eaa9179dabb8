import type { DuckDBConnection } from "@duckdb/node-api";
import type { Context } from "../store/index.js";
import { flagOfMmsi } from "./mid.js";
import { ensureMaritimeTables } from "./positions.js";
import type { VesselIdentity } from "./track.js";

/**
 * Vessel identity over time. What each vessel said of itself (AIS types 5, 19, 24, or a CSV's
 * static columns) is kept as reports in the columnar store, beside the positions it came with:
 * it is derived from re-importable AIS data, like the positions, and it is written in the same
 * DuckDB transaction, so a file that fails leaves neither behind. Spans (a new one whenever a
 * field changes) are recomputed from the reports of the vessels an import touched, with window
 * functions. PostgreSQL keeps what people curate about vessels (designations, entities);
 * linking joins the two by IMO and MMSI through readIdentities.
 *
 * A report carries only the fields its message has (24A the name, 24B the call sign and type):
 * missing fields are carried forward from the vessel's previous reports, so a 24A followed by
 * a 24B is one identity, not two.
 */

/** Column names of a report, in table order after mmsi and time. */
export const IDENTITY_FIELDS = [
  "imo",
  "name",
  "callsign",
  "ship_type",
  "length",
  "width",
  "draught",
] as const;

/** Recomputes the identity spans of the vessels in `staging` (a table with an mmsi column). */
export async function rebuildIdentitySpans(
  connection: DuckDBConnection,
  staging: string,
): Promise<void> {
  const carried = IDENTITY_FIELDS.map(
    (f) => `last_value(${f} IGNORE NULLS) OVER carry AS ${f}`,
  ).join(", ");
  const changed = IDENTITY_FIELDS.map((f) => `${f} IS DISTINCT FROM lag(${f}) OVER by_time`).join(
    " OR ",
  );
  const values = IDENTITY_FIELDS.map((f) => `any_value(${f}) AS ${f}`).join(", ");
  // Reports of one time are ordered by their fields too: by time alone, two identities sent in
  // the same second (two ships on one MMSI) came out in either order, and the spans with them.
  const order = `time, ${IDENTITY_FIELDS.join(", ")}`;
  await connection.run(`
    DELETE FROM maritime_vessel_identity WHERE mmsi IN (SELECT DISTINCT mmsi FROM ${staging});
    INSERT INTO maritime_vessel_identity
    WITH reports AS (
      SELECT * FROM maritime_identity_report
      WHERE mmsi IN (SELECT DISTINCT mmsi FROM ${staging})
    ),
    filled AS (
      SELECT mmsi, time, ${carried} FROM reports
      WINDOW carry AS (PARTITION BY mmsi ORDER BY ${order}
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ),
    marked AS (
      SELECT *, CASE WHEN ${changed} THEN 1 ELSE 0 END AS starts
      FROM filled WINDOW by_time AS (PARTITION BY mmsi ORDER BY ${order})
    ),
    numbered AS (
      SELECT *, sum(starts) OVER (PARTITION BY mmsi ORDER BY ${order} ROWS UNBOUNDED PRECEDING)
        AS span
      FROM marked
    )
    SELECT mmsi, min(time), max(time), ${values} FROM numbered GROUP BY mmsi, span
    ORDER BY mmsi, min(time), max(time), ${IDENTITY_FIELDS.join(", ")};`);
}

/**
 * The identities a vessel (or every vessel) reported, oldest first: one span per change of
 * IMO, name, call sign, type, dimensions or draught; the flag is the MMSI's (see mid.ts).
 */
export async function readIdentities(ctx: Context, mmsi?: number): Promise<VesselIdentity[]> {
  const connection = await ensureMaritimeTables(ctx.columnar);
  const reader = await connection.runAndReadAll(
    `SELECT mmsi, valid_from, valid_to, ${IDENTITY_FIELDS.join(", ")}
     FROM maritime_vessel_identity
     ${mmsi === undefined ? "" : `WHERE mmsi = ${Math.trunc(Number(mmsi))}`}
     ORDER BY mmsi, valid_from, valid_to, ${IDENTITY_FIELDS.join(", ")}`,
  );
  return reader.getRows().map((row) => toIdentity(row));
}

/**
 * The identity a vessel had at `time` (epoch seconds): the latest span begun at or before it
 * (a vessel keeps its name between reports); null before its first report.
 */
export async function identityAt(
  ctx: Context,
  mmsi: number,
  time: number,
): Promise<VesselIdentity | null> {
  const spans = await readIdentities(ctx, mmsi);
  let found: VesselIdentity | null = null;
  for (const span of spans) if (span.from <= time) found = span;
  return found;
}

function toIdentity(row: readonly unknown[]): VesselIdentity {
  const [mmsi, from, to, imo, name, callsign, shipType, length, width, draught] = row;
  const number = (value: unknown) => (value === null ? null : Number(value));
  const text = (value: unknown) => (value === null ? null : String(value));
  return {
    mmsi: Number(mmsi),
    from: Number(from),
    to: Number(to),
    imo: text(imo),
    name: text(name),
    callsign: text(callsign),
    flag: flagOfMmsi(Number(mmsi)),
    shipType: number(shipType),
    length: number(length),
    width: number(width),
    draught: number(draught),
  };
}
