import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBResult,
  type DuckDBType,
} from "@duckdb/node-api";

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
  /**
   * The folder for the files the store keeps beside its database (Parquet segments of AIS
   * positions), created on first use: `<home>/columnar/`, or for a store in memory a
   * temporary folder removed when the store closes.
   */
  directory(): string;
  close(): Promise<void>;
}

/** The columnar store at `<home>/columnar.duckdb`, or in memory when `home` is undefined. */
export function openColumnar(home: string | undefined): Columnar {
  let instance: DuckDBInstance | undefined;
  let connection: Promise<DuckDBConnection> | undefined;
  let folder: string | undefined;
  return {
    directory() {
      if (folder !== undefined) return folder;
      if (home === undefined) folder = mkdtempSync(join(tmpdir(), "cordon-columnar-"));
      else {
        folder = join(home, "columnar");
        mkdirSync(folder, { recursive: true });
      }
      return folder;
    },
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
      const open = connection;
      connection = undefined;
      if (open !== undefined) (await open).closeSync();
      instance?.closeSync();
      instance = undefined;
      if (home === undefined && folder !== undefined)
        rmSync(folder, { recursive: true, force: true });
      folder = undefined;
    },
  };
}

/** `text` as a DuckDB (and SQL) string literal: in single quotes, each quote doubled. */
export function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** What chunkColumn reads of a @duckdb/node-api vector. */
interface Vector {
  readonly itemCount: number;
  getItem(index: number): unknown;
}

type TypedArray = Float64Array | Float32Array | Uint32Array | Int32Array | BigUint64Array;

const ALL_VALID = 0xffff_ffff_ffff_ffffn;

/**
 * A chunk's column as a typed array (NaN for NULL in a float column, 0 in an integer one). @duckdb/node-api's numeric vectors hold
 * their values as a typed-array view of DuckDB's own buffer (`items`, not in its typings) and
 * a validity mask whose `data` is null when the chunk has no NULL: then that view is the
 * column, one native call a chunk instead of one getItem (and a BigInt validity test) a
 * value. The view lives as long as its chunk (each fetched chunk owns its memory, as
 * fetchAllChunks relies on), so callers copy out of it before dropping the chunk. Anything else (NULLs in the chunk, another version of the library) takes getItem.
 * (Coalescing NULLs to NaN in the SQL instead cost more than the whole read.)
 */
export function chunkColumn<T extends TypedArray>(
  vector: Vector,
  rows: number,
  Type: { new (n: number): T; readonly BYTES_PER_ELEMENT: number },
): T {
  const raw = vector as unknown as { items?: unknown; validity?: { data?: unknown } };
  const items = raw.items;
  const mask = raw.validity?.data;
  const float = (Type as unknown) === Float64Array || (Type as unknown) === Float32Array;
  if (items instanceof (Type as unknown as typeof Float64Array) && items.length === rows) {
    if (raw.validity !== undefined && mask === null) return items as unknown as T;
    if (float && mask instanceof BigUint64Array && mask.length * 64 >= rows) {
      // A few NULLs: copy the view, then set NaN where the mask (64 rows a word) has a 0 bit.
      const out = new Type(rows) as unknown as Float64Array;
      out.set(items as unknown as Float64Array);
      for (let w = 0; w < mask.length; w++) {
        const word = mask[w] as bigint;
        if (word === ALL_VALID) continue;
        for (let i = w * 64; i < Math.min(rows, w * 64 + 64); i++)
          if (((word >> BigInt(i - w * 64)) & 1n) === 0n) out[i] = Number.NaN;
      }
      return out as unknown as T;
    }
  }
  const out = new Type(rows);
  if (out instanceof BigUint64Array)
    for (let i = 0; i < rows; i++) out[i] = (vector.getItem(i) as bigint | null) ?? 0n;
  else {
    const numbers = out as unknown as Float64Array;
    const empty = float ? Number.NaN : 0;
    for (let i = 0; i < rows; i++) numbers[i] = (vector.getItem(i) as number | null) ?? empty;
  }
  return out;
}

/** A value appendColumns stores. */
export type CellValue = number | bigint | string | boolean | null;

const CHUNK_ROWS = 2048;

/**
 * Appends columns to a table through DuckDB's appender, a data chunk (2,048 rows) at a time:
 * one native call a chunk instead of one a value, which is what makes millions of rows cheap.
 * A NaN is stored as NULL ("not available" in a typed column).
 */
export async function appendColumns(
  connection: DuckDBConnection,
  table: string,
  types: readonly DuckDBType[],
  columns: readonly (readonly CellValue[])[],
  rows: number,
): Promise<void> {
  const appender = await connection.createAppender(table);
  try {
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows - start);
      const chunk = DuckDBDataChunk.create(types, count);
      for (let c = 0; c < columns.length; c++) {
        const source = columns[c] ?? [];
        const values: CellValue[] = new Array(count);
        for (let i = 0; i < count; i++) {
          const value = source[start + i] ?? null;
          values[i] = typeof value === "number" && Number.isNaN(value) ? null : value;
        }
        chunk.setColumnValues(c, values);
      }
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * The chunks of a streamed result, each asked for before the one before it is handed out:
 * DuckDB scans on its own threads while the caller copies a chunk (and, in readTracks, runs
 * detectors on what it yields). Each chunk owns its memory, so views into it stay valid
 * while the next one is fetched.
 */
export async function* streamChunks(result: DuckDBResult): AsyncIterable<DuckDBDataChunk> {
  let next = result.fetchChunk();
  for (;;) {
    const chunk = await next;
    if (chunk === null || chunk.rowCount === 0) return;
    next = result.fetchChunk();
    yield chunk;
  }
}
