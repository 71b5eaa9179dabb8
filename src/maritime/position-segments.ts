import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Columnar, sqlText } from "../store/index.js";

/**
 * AIS positions are kept as Parquet segments in the columnar store's folder, one a file
 * imported, each in (mmsi, time) order, listed in the DuckDB table maritime_position_segment
 * and read through DuckDB (read_parquet: parallel, skipping row groups by their min/max).
 * Why files rather than a DuckDB table: the import writes each column slice in one call
 * (ParquetWriter, 0.5 s for ten million rows with the fsync) where DuckDB's appender, which
 * compresses, took 1.5–2.0 s on the main thread, the largest single cost of an import. The
 * segments are uncompressed (41 bytes a position, four times DuckDB's compressed table): a
 * trade of disk for import time. The view maritime_position shows them all as one table to
 * SQL, with NaN ("not available") as NULL.
 */
export const SEGMENT_TABLE = "maritime_position_segment";
/** The view of every segment as one table, for SQL (and the table it replaced). */
export const POSITION_TABLE = "maritime_position";

/**
 * The columns of a segment, in order (mmsi UINTEGER, time DOUBLE, ..., heading FLOAT). Row
 * groups carry the min/max of mmsi and time only: they hold a few vessels' whole tracks, so
 * bounds on position would span most of the area and skip nothing.
 */
export const SEGMENT_COLUMNS = [
  { name: "mmsi", type: "uint32" },
  { name: "time", type: "double" },
  { name: "lat", type: "double", statistics: false },
  { name: "lon", type: "double", statistics: false },
  { name: "sog", type: "float", statistics: false },
  { name: "cog", type: "float", statistics: false },
  { name: "heading", type: "float", statistics: false },
] as const;

/** Creates the segment table, and the view while no segment is stored (see refreshView). */
export async function ensureSegmentTable(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE TABLE IF NOT EXISTS ${SEGMENT_TABLE} (
      file VARCHAR NOT NULL PRIMARY KEY,
      positions BIGINT NOT NULL,
      stored_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
}

/** A new segment's path in the store's folder (not yet existing). */
export function newSegmentPath(columnar: Columnar): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, "");
  const random = Math.random().toString(36).slice(2, 10);
  return join(columnar.directory(), `positions-${stamp}-${random}.parquet`);
}

/**
 * Lists a written segment as stored and points the view at it, inside the caller's
 * transaction: until it commits, readers do not see the segment.
 */
export async function registerSegment(
  columnar: Columnar,
  connection: DuckDBConnection,
  file: string,
  positions: number,
): Promise<void> {
  await connection.run(
    `INSERT INTO ${SEGMENT_TABLE} (file, positions) VALUES (${sqlText(basename(file))}, ${positions})`,
  );
  await refreshView(connection, await segmentFiles(columnar, connection));
}

/**
 * The stored segments' paths, in the order they were stored. Throws when one is missing: the
 * store's folder was moved or a file deleted, and positions would silently be lost.
 */
export async function segmentFiles(
  columnar: Columnar,
  connection: DuckDBConnection,
): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT file FROM ${SEGMENT_TABLE} ORDER BY stored_at, file`,
  );
  const files = reader.getRows().map(([file]) => join(columnar.directory(), String(file)));
  for (const file of files)
    if (!existsSync(file))
      throw new Error(`${file}: a stored AIS position segment is missing from the store's folder`);
  return files;
}

/** The segments as a DuckDB table expression (raw: NaN stays NaN). */
export function segmentSource(files: readonly string[]): string {
  return `read_parquet([${files.map(sqlText).join(", ")}])`;
}

/**
 * Points maritime_position at the segments: a view, so ad hoc SQL sees every position as
 * one table, with NaN (not available) as NULL as the table before it had them.
 */
async function refreshView(connection: DuckDBConnection, files: readonly string[]): Promise<void> {
  const nullable = (column: string) =>
    `CASE WHEN isnan(${column}) THEN NULL ELSE ${column} END AS ${column}`;
  const source =
    files.length === 0
      ? `(SELECT NULL::UINTEGER AS mmsi, NULL::DOUBLE AS time, NULL::DOUBLE AS lat,
            NULL::DOUBLE AS lon, NULL::FLOAT AS sog, NULL::FLOAT AS cog, NULL::FLOAT AS heading
          WHERE false)`
      : segmentSource(files);
  await connection.run(
    `CREATE OR REPLACE VIEW ${POSITION_TABLE} AS
     SELECT mmsi, time, lat, lon, ${nullable("sog")}, ${nullable("cog")}, ${nullable("heading")}
     FROM ${source}`,
  );
}

/**
 * Brings a store from before segments up to them: a maritime_position table becomes a
 * segment (DuckDB writes it, in (mmsi, time) order, NULL back to NaN) and the view replaces
 * it, in one transaction; a store without positions gets the empty view.
 */
export async function ensurePositionView(
  columnar: Columnar,
  connection: DuckDBConnection,
): Promise<void> {
  const reader = await connection.runAndReadAll(
    `SELECT table_type FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_name = '${POSITION_TABLE}'`,
  );
  const type = reader.getRows()[0]?.[0];
  if (type === "VIEW") return;
  if (type === undefined) {
    await refreshView(connection, []);
    return;
  }
  const nan = (column: string) => `coalesce(${column}, 'NaN'::FLOAT) AS ${column}`;
  await swapInCopy(
    columnar,
    connection,
    `SELECT mmsi, time, lat, lon, ${nan("sog")}, ${nan("cog")}, ${nan("heading")}
     FROM ${POSITION_TABLE}`,
    `DROP TABLE ${POSITION_TABLE}`,
  );
}

/**
 * Has DuckDB write the positions `select` gives to a new segment, in (mmsi, time) order and
 * compressed (ZSTD), and puts it in the place of what `retire` removes, in one transaction;
 * the new file is deleted should that fail. Returns its path and how many positions it holds.
 */
async function swapInCopy(
  columnar: Columnar,
  connection: DuckDBConnection,
  select: string,
  retire: string,
): Promise<{ file: string; positions: number }> {
  const file = newSegmentPath(columnar);
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(
      `COPY (${select} ORDER BY mmsi, time)
       TO ${sqlText(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
    );
    const count = await connection.runAndReadAll(
      `SELECT count(*)::DOUBLE FROM read_parquet(${sqlText(file)})`,
    );
    const positions = Number(count.getRows()[0]?.[0] ?? 0);
    await connection.run(retire);
    await registerSegment(columnar, connection, file, positions);
    await connection.run("COMMIT");
    return { file, positions };
  } catch (error) {
    await connection.run("ROLLBACK");
    rmSync(file, { force: true });
    throw error;
  }
}

/** What compactPositions did: segments before and after, their bytes, stray files removed. */
export interface CompactSummary {
  readonly segmentsBefore: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly positions: number;
  /** Segment files in the folder that no import listed (left by an import that failed). */
  readonly strayFiles: number;
}

/**
 * Rewrites every stored segment as one, in (mmsi, time) order and compressed (DuckDB's
 * Parquet writer, ZSTD): after many imports a read needs no sort, and the positions take about
 * a quarter of the room. The new segment replaces the old ones in one transaction; the old
 * files are deleted after it commits, with any segment file no import listed. Nothing to do
 * for a store of one compressed segment.
 */
export async function compactPositions(columnar: Columnar): Promise<CompactSummary> {
  const connection = await columnar.connect();
  await ensureSegmentTable(connection);
  await ensurePositionView(columnar, connection);
  const files = await segmentFiles(columnar, connection);
  const bytesBefore = files.reduce((n, file) => n + statSync(file).size, 0);
  const strays = strayFiles(columnar, files);
  const summary = { segmentsBefore: files.length, bytesBefore, strayFiles: strays.length };
  if (files.length === 0 || (files.length === 1 && (await isCompressed(connection, files[0])))) {
    removeFiles(strays);
    return { ...summary, positions: await storedPositions(connection), bytesAfter: bytesBefore };
  }
  const { file, positions } = await swapInCopy(
    columnar,
    connection,
    `SELECT * FROM ${segmentSource(files)}`,
    `DELETE FROM ${SEGMENT_TABLE}`,
  );
  removeFiles([...files, ...strays]);
  return { ...summary, positions, bytesAfter: statSync(file).size };
}

/** The positions the stored segments hold, as registered. */
async function storedPositions(connection: DuckDBConnection): Promise<number> {
  const reader = await connection.runAndReadAll(
    `SELECT coalesce(sum(positions), 0)::DOUBLE FROM ${SEGMENT_TABLE}`,
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Whether DuckDB wrote `file` compressed (a segment compacted before). */
async function isCompressed(
  connection: DuckDBConnection,
  file: string | undefined,
): Promise<boolean> {
  if (file === undefined) return false;
  const reader = await connection.runAndReadAll(
    `SELECT bool_and(compression <> 'UNCOMPRESSED') FROM parquet_metadata(${sqlText(file)})`,
  );
  return reader.getRows()[0]?.[0] === true;
}

/** Segment files in the store's folder that are not among the stored ones. */
function strayFiles(columnar: Columnar, stored: readonly string[]): string[] {
  const listed = new Set(stored.map((file) => basename(file)));
  return readdirSync(columnar.directory())
    .filter((name) => /^positions-.*\.parquet$/.test(name) && !listed.has(name))
    .map((name) => join(columnar.directory(), name));
}

function removeFiles(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}
