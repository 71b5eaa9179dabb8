import { DOUBLE, type DuckDBConnection, SMALLINT, UINTEGER, VARCHAR } from "@duckdb/node-api";
import { appendColumns } from "../../store/index.js";

/**
 * The per-file staging table of identity reports, which every format fills before they are
 * compared with those stored (store-reports.ts). Temporary: it lives in the importing
 * connection only and is dropped after each file. Positions are not staged: they are checked
 * and sorted in JavaScript (store-positions.ts).
 */
export const STAGED_IDENTITIES = "maritime_staged_identity";

export const IDENTITY_COLUMNS =
  "mmsi, time, imo, name, callsign, ship_type, length, width, draught";

/** (Re)creates the empty staging table. */
export async function createStaging(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE ${STAGED_IDENTITIES} (
      mmsi UINTEGER, time DOUBLE, imo VARCHAR, name VARCHAR, callsign VARCHAR,
      ship_type SMALLINT, length DOUBLE, width DOUBLE, draught DOUBLE);`);
}

export async function dropStaging(connection: DuckDBConnection): Promise<void> {
  await connection.run(`DROP TABLE IF EXISTS ${STAGED_IDENTITIES};`);
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
