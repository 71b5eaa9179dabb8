import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/**
 * The columnar store for bulk time series (AIS positions, chain transfers).
 *
 * Why DuckDB beside PostgreSQL: detectors and tracers read millions of rows a vessel or an
 * asset at a time, sorted by time, a few columns each. A column store reads only those
 * columns, compressed, and sorts and groups them vectorised; PostgreSQL's row heap would
 * read every tuple whole (and PGlite, single-threaded in WASM, several times slower still).
 * DuckDB runs in-process (no server, like PGlite), has a bulk appender and reads CSV and
 * Parquet natively. PostgreSQL stays the system of record for everything a person curates
 * (entities, events, evidence); the columnar file holds only data that can be re-imported.
 * One process holds the file for writing at a time: DuckDB's rule, not ours.
 */
export interface Columnar {
  /** The connection, opened (and the file created) on first use. */
  connect(): Promise<DuckDBConnection>;
  close(): Promise<void>;
}

/** The columnar store at `<home>/columnar.duckdb`, or in memory when `home` is undefined. */
export function openColumnar(home: string | undefined): Columnar {
  let instance: DuckDBInstance | undefined;
  let connection: Promise<DuckDBConnection> | undefined;
  return {
    connect() {
      connection ??= (async () => {
        if (home !== undefined) mkdirSync(home, { recursive: true });
        instance = await DuckDBInstance.create(
          home === undefined ? ":memory:" : join(home, "columnar.duckdb"),
        );
        return instance.connect();
      })();
      return connection;
    },
    async close() {
      if (connection === undefined) return;
      const open = connection;
      connection = undefined;
      (await open).closeSync();
      instance?.closeSync();
      instance = undefined;
    },
  };
}
