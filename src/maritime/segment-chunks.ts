import { closeSync, openSync, readSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  chunkColumn,
  PARQUET_CREATED_BY,
  parquetWidth,
  sqlText,
  streamChunks,
} from "../store/index.js";
import { SEGMENT_COLUMNS } from "./position-segments.js";
import type { PositionColumns } from "./track.js";

/** Rows of positions as they come out of the store, before they are cut into tracks. */
export interface PositionChunk extends PositionColumns {
  readonly rows: number;
  readonly mmsi: Uint32Array;
}

/** Where one row group's columns lie in a segment Cordon wrote: each column's data bytes. */
interface RowGroupLayout {
  readonly rows: number;
  /** Byte offset of each column's values, in SEGMENT_COLUMNS order. */
  readonly offsets: readonly number[];
}

const WIDTHS = SEGMENT_COLUMNS.map(({ type }) => parquetWidth(type));

/**
 * The row groups of `file` when Cordon's ParquetWriter wrote it (one uncompressed PLAIN page
 * a column chunk, so each column's values are its chunk less the page header), found from
 * DuckDB's parquet_metadata; null for any other file (a segment DuckDB wrote, at an upgrade),
 * which is then read through DuckDB.
 */
export async function plainLayout(
  connection: DuckDBConnection,
  file: string,
): Promise<RowGroupLayout[] | null> {
  const quoted = sqlText(file);
  const writer = await connection.runAndReadAll(
    `SELECT created_by FROM parquet_file_metadata(${quoted})`,
  );
  if (writer.getRows()[0]?.[0] !== PARQUET_CREATED_BY) return null;
  const reader = await connection.runAndReadAll(
    `SELECT row_group_id::DOUBLE, row_group_num_rows::DOUBLE, column_id::DOUBLE, path_in_schema,
            compression, encodings, data_page_offset::DOUBLE, total_compressed_size::DOUBLE,
            num_values::DOUBLE
     FROM parquet_metadata(${quoted}) ORDER BY row_group_id, column_id`,
  );
  const groups: { rows: number; offsets: number[] }[] = [];
  for (const row of reader.getRows()) {
    const [group, rows, column, name, compression, encodings, page, bytes, values] = row;
    const c = Number(column);
    const spec = SEGMENT_COLUMNS[c];
    const header = Number(bytes) - Number(values) * (WIDTHS[c] ?? 0);
    const plain =
      spec !== undefined &&
      name === spec.name &&
      compression === "UNCOMPRESSED" &&
      encodings === "PLAIN" &&
      Number(values) === Number(rows) &&
      header > 0 &&
      header <= 64;
    if (!plain) return null;
    const g = Number(group);
    if (groups[g] === undefined) groups[g] = { rows: Number(rows), offsets: [] };
    (groups[g] as { offsets: number[] }).offsets[c] = Number(page) + header;
  }
  return groups.every((g) => g.offsets.length === SEGMENT_COLUMNS.length) ? groups : null;
}

/**
 * Reads a segment Cordon wrote row group by row group, each column's values straight from the
 * file into reused typed arrays (valid until the next chunk is asked for). Reading through
 * DuckDB instead cost as much CPU again as the detectors that read the tracks.
 */
export function* readPlainChunks(
  file: string,
  layout: readonly RowGroupLayout[],
): Iterable<PositionChunk> {
  const most = layout.reduce((n, group) => Math.max(n, group.rows), 0);
  const chunk = {
    mmsi: new Uint32Array(most),
    time: new Float64Array(most),
    lat: new Float64Array(most),
    lon: new Float64Array(most),
    sog: new Float32Array(most),
    cog: new Float32Array(most),
    heading: new Float32Array(most),
  };
  const targets = [chunk.mmsi, chunk.time, chunk.lat, chunk.lon, chunk.sog, chunk.cog];
  targets.push(chunk.heading);
  const fd = openSync(file, "r");
  try {
    for (const group of layout) {
      targets.forEach((target, c) => {
        const bytes = group.rows * target.BYTES_PER_ELEMENT;
        const into = new Uint8Array(target.buffer, 0, bytes);
        readFully(fd, into, group.offsets[c] as number, file);
      });
      const n = group.rows;
      yield {
        rows: n,
        mmsi: chunk.mmsi.subarray(0, n),
        time: chunk.time.subarray(0, n),
        lat: chunk.lat.subarray(0, n),
        lon: chunk.lon.subarray(0, n),
        sog: chunk.sog.subarray(0, n),
        cog: chunk.cog.subarray(0, n),
        heading: chunk.heading.subarray(0, n),
      };
    }
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, into: Uint8Array, position: number, file: string): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error(`${file}: ends inside a row group (truncated segment)`);
    done += n;
  }
}

/** The chunks of a DuckDB query selecting mmsi, time, lat, lon, sog, cog, heading. */
export async function* queryChunks(
  connection: DuckDBConnection,
  sql: string,
): AsyncIterable<PositionChunk> {
  const result = await connection.stream(sql);
  for await (const chunk of streamChunks(result)) {
    const rows = chunk.rowCount;
    yield {
      rows,
      mmsi: chunkColumn(chunk.getColumnVector(0), rows, Uint32Array),
      time: chunkColumn(chunk.getColumnVector(1), rows, Float64Array),
      lat: chunkColumn(chunk.getColumnVector(2), rows, Float64Array),
      lon: chunkColumn(chunk.getColumnVector(3), rows, Float64Array),
      sog: chunkColumn(chunk.getColumnVector(4), rows, Float32Array),
      cog: chunkColumn(chunk.getColumnVector(5), rows, Float32Array),
      heading: chunkColumn(chunk.getColumnVector(6), rows, Float32Array),
    };
  }
}
