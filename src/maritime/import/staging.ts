import {
  DOUBLE,
  type DuckDBConnection,
  FLOAT,
  INTEGER,
  SMALLINT,
  UINTEGER,
  VARCHAR,
} from "@duckdb/node-api";
import { appendColumns } from "../../store/index.js";

/**
 * The per-file staging tables every format fills before the shared checks: positions with the
 * line they came from (and, for CSV, the reason a row is refused), and identity reports.
 * Temporary: they live in the importing connection only and are dropped after each file.
 * A CSV's positions are staged in file order with a NULL line: the line of a row is then its
 * rowid + 2 (the header is line 1), as STAGED_LINES says. DuckDB keeps insertion order
 * (preserve_insertion_order), and the table is created empty for each file.
 */
export const STAGED_POSITIONS = "maritime_staged_position";
export const STAGED_IDENTITIES = "maritime_staged_identity";

export const POSITION_COLUMNS = "line, mmsi, time, lat, lon, sog, cog, heading, reason";

/** The staged positions with every row's line: given (NMEA) or from its place in the file. */
export const STAGED_LINES = `(SELECT coalesce(line, rowid + 2) AS line, mmsi, time, lat, lon,
  sog, cog, heading, reason FROM ${STAGED_POSITIONS})`;
export const IDENTITY_COLUMNS =
  "mmsi, time, imo, name, callsign, ship_type, length, width, draught";

/** (Re)creates the empty staging tables. */
export async function createStaging(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE ${STAGED_POSITIONS} (
      line INTEGER, mmsi DOUBLE, time DOUBLE, lat DOUBLE, lon DOUBLE,
      sog FLOAT, cog FLOAT, heading FLOAT, reason VARCHAR);
    CREATE OR REPLACE TEMP TABLE ${STAGED_IDENTITIES} (
      mmsi UINTEGER, time DOUBLE, imo VARCHAR, name VARCHAR, callsign VARCHAR,
      ship_type SMALLINT, length DOUBLE, width DOUBLE, draught DOUBLE);`);
}

export async function dropStaging(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `DROP TABLE IF EXISTS ${STAGED_POSITIONS}; DROP TABLE IF EXISTS ${STAGED_IDENTITIES};`,
  );
}

/** Positions decoded in JavaScript, as columns (NaN for "not available" speeds and courses). */
export class PositionColumns {
  readonly line: number[] = [];
  readonly mmsi: number[] = [];
  readonly time: number[] = [];
  readonly lat: number[] = [];
  readonly lon: number[] = [];
  readonly sog: number[] = [];
  readonly cog: number[] = [];
  readonly heading: number[] = [];

  get length(): number {
    return this.line.length;
  }
}

/** Identity reports decoded in JavaScript, as columns (null where a message lacks a field). */
export class IdentityColumns {
  readonly mmsi: number[] = [];
  readonly time: number[] = [];
  readonly imo: (string | null)[] = [];
  readonly name: (string | null)[] = [];
  readonly callsign: (string | null)[] = [];
  readonly shipType: (number | null)[] = [];
  readonly length: (number | null)[] = [];
  readonly width: (number | null)[] = [];
  readonly draught: (number | null)[] = [];

  get size(): number {
    return this.mmsi.length;
  }
}

export async function appendPositions(
  connection: DuckDBConnection,
  p: PositionColumns,
): Promise<void> {
  const reasons: null[] = [];
  await appendColumns(
    connection,
    STAGED_POSITIONS,
    [INTEGER, DOUBLE, DOUBLE, DOUBLE, DOUBLE, FLOAT, FLOAT, FLOAT, VARCHAR],
    [p.line, p.mmsi, p.time, p.lat, p.lon, p.sog, p.cog, p.heading, reasons],
    p.length,
  );
}

export async function appendIdentities(
  connection: DuckDBConnection,
  r: IdentityColumns,
): Promise<void> {
  await appendColumns(
    connection,
    STAGED_IDENTITIES,
    [UINTEGER, DOUBLE, VARCHAR, VARCHAR, VARCHAR, SMALLINT, DOUBLE, DOUBLE, DOUBLE],
    [r.mmsi, r.time, r.imo, r.name, r.callsign, r.shipType, r.length, r.width, r.draught],
    r.size,
  );
}
