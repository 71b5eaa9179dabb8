import type { DuckDBConnection } from "@duckdb/node-api";
import type { Columnar, Context } from "../store/index.js";
import {
  ensurePositionView,
  ensureSegmentTable,
  POSITION_TABLE,
  segmentFiles,
  segmentSource,
} from "./position-segments.js";
import { type PositionChunk, plainLayout, queryChunks, readPlainChunks } from "./segment-chunks.js";
import { copyPositions, type PositionColumns, positionColumns, type VesselTrack } from "./track.js";

/**
 * AIS positions live in the columnar store as Parquet segments (see position-segments.ts),
 * not in PostgreSQL: millions of rows of seven numbers that the detectors read a vessel at a
 * time in time order. Each segment is written in (mmsi, time) order, so each vessel's rows
 * sit together and the row groups' min/max on mmsi and time skip the rest. Time is epoch
 * seconds (DOUBLE) because that is what a VesselTrack holds: no conversion on the way out.
 */
export { POSITION_TABLE };

/**
 * Creates the maritime tables of the columnar store if they are missing (identity reports and
 * spans, imports, position segments and their view; a store from before segments is brought
 * up to them) and returns its connection.
 */
export async function ensureMaritimeTables(columnar: Columnar): Promise<DuckDBConnection> {
  const connection = await columnar.connect();
  await connection.run(`
    CREATE TABLE IF NOT EXISTS maritime_identity_report (
      mmsi UINTEGER NOT NULL,
      time DOUBLE NOT NULL,
      imo VARCHAR,
      name VARCHAR,
      callsign VARCHAR,
      ship_type SMALLINT,
      length DOUBLE,
      width DOUBLE,
      draught DOUBLE
    );
    CREATE TABLE IF NOT EXISTS maritime_vessel_identity (
      mmsi UINTEGER NOT NULL,
      valid_from DOUBLE NOT NULL,
      valid_to DOUBLE NOT NULL,
      imo VARCHAR,
      name VARCHAR,
      callsign VARCHAR,
      ship_type SMALLINT,
      length DOUBLE,
      width DOUBLE,
      draught DOUBLE
    );
    CREATE TABLE IF NOT EXISTS maritime_import (
      file VARCHAR NOT NULL,
      format VARCHAR NOT NULL,
      imported_at TIMESTAMPTZ NOT NULL,
      positions BIGINT NOT NULL,
      rejected VARCHAR NOT NULL
    );`);
  await ensureSegmentTable(connection);
  await ensurePositionView(columnar, connection);
  return connection;
}

export interface ReadTracksOptions {
  /** Epoch seconds, inclusive. */
  readonly from?: number;
  readonly to?: number;
  readonly mmsi?: readonly number[];
}

/**
 * The stored positions as tracks, one vessel at a time in MMSI order, each in time order
 * (epoch seconds). Streams: memory holds one vessel and one chunk of rows, not the store. A
 * whole read of the one segment Cordon wrote reads the file itself (readPlainChunks); any
 * other read, filtered or over several segments, goes through DuckDB.
 */
export async function* readTracks(
  ctx: Context,
  options: ReadTracksOptions = {},
): AsyncIterable<VesselTrack> {
  const connection = await ensureMaritimeTables(ctx.columnar);
  const files = await segmentFiles(ctx.columnar, connection);
  if (files.length === 0) return;
  const source = segmentSource(files);
  const where: string[] = [];
  if (options.from !== undefined) where.push(`time >= ${Number(options.from)}`);
  if (options.to !== undefined) where.push(`time <= ${Number(options.to)}`);
  if (options.mmsi !== undefined) {
    if (options.mmsi.length === 0) return;
    where.push(`mmsi IN (${options.mmsi.map((m) => Math.trunc(Number(m))).join(",")})`);
  }
  const sorted = await isStoredSorted(connection, files);
  const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  const sizes = await trackSizes(connection, source, filter);
  const only = files.length === 1 && where.length === 0 ? (files[0] as string) : null;
  const layout = only === null ? null : await plainLayout(connection, only);
  const chunks =
    only !== null && layout !== null
      ? readPlainChunks(only, layout)
      : queryChunks(
          connection,
          `SELECT mmsi, time, lat, lon, sog, cog, heading FROM ${source}
           ${filter} ${sorted ? "" : "ORDER BY mmsi, time"}`,
        );
  yield* tracksOf(chunks, sizes, sorted || layout !== null);
}

/**
 * Cuts chunks of rows in (mmsi, time) order into tracks. `check`: the order is the storage's,
 * so it is checked, and a broken assumption fails loudly rather than yield a vessel twice or a
 * track out of time order.
 */
async function* tracksOf(
  chunks: AsyncIterable<PositionChunk> | Iterable<PositionChunk>,
  sizes: ReadonlyMap<number, number>,
  check: boolean,
): AsyncIterable<VesselTrack> {
  let lastMmsi = -1;
  let lastTime = Number.NEGATIVE_INFINITY;
  const builder = new TrackBuilder(sizes);
  for await (const chunk of chunks) {
    const { rows, mmsi } = chunk;
    // Copy each vessel's run of rows in one typed-array copy per column, not row by row.
    let start = 0;
    while (start < rows) {
      const vessel = mmsi[start] as number;
      let end = start + 1;
      while (end < rows && mmsi[end] === vessel) end++;
      if (check) {
        if (vessel < lastMmsi) throw new Error(`${POSITION_TABLE} is not in (mmsi, time) order`);
        if (vessel !== lastMmsi) lastTime = Number.NEGATIVE_INFINITY;
        for (let i = start; i < end; i++) {
          const t = chunk.time[i] as number;
          if (!(t > lastTime)) throw new Error(`${POSITION_TABLE} is not in (mmsi, time) order`);
          lastTime = t;
        }
        lastMmsi = vessel;
      }
      if (vessel !== builder.mmsi) {
        if (builder.length > 0) yield builder.take();
        builder.begin(vessel);
      }
      builder.append(chunk, start, end);
      start = end;
    }
  }
  if (builder.length > 0) yield builder.take();
}

/**
 * Whether the positions are in (mmsi, time) order as stored, so that reading needs no sort (a
 * second over ten million rows): each segment is written in that order, and DuckDB keeps a
 * scan's order (preserve_insertion_order, on by default); so while one segment at most is
 * stored the positions are sorted. With more, readTracks sorts.
 */
async function isStoredSorted(
  connection: DuckDBConnection,
  files: readonly string[],
): Promise<boolean> {
  if (files.length > 1) return false;
  const reader = await connection.runAndReadAll(
    "SELECT current_setting('preserve_insertion_order')",
  );
  return reader.getRows()[0]?.[0] === true;
}

/**
 * How many positions each vessel has under `filter`: a grouped count (about 45 ms over ten
 * million rows) that lets each track be allocated once at its size, instead of grown by
 * doubling and trimmed by a copy (three copies of 400 MB, and the garbage collector after them).
 */
async function trackSizes(
  connection: DuckDBConnection,
  source: string,
  filter: string,
): Promise<Map<number, number>> {
  const reader = await connection.runAndReadAll(
    `SELECT mmsi, count(*)::DOUBLE FROM ${source} ${filter} GROUP BY mmsi`,
  );
  return new Map(reader.getRows().map(([mmsi, n]) => [Number(mmsi), Number(n)]));
}

/** Columns for one vessel's track, sized from its count (grown should the count be short). */
class TrackBuilder {
  mmsi = -1;
  length = 0;
  private columns = positionColumns(0);

  constructor(private readonly sizes: ReadonlyMap<number, number>) {}

  /** Starts the track of `mmsi` in new arrays of its expected size. */
  begin(mmsi: number): void {
    this.mmsi = mmsi;
    this.length = 0;
    this.columns = positionColumns(Math.max(1, this.sizes.get(mmsi) ?? 1024));
  }

  /** Appends rows start..end (exclusive) of a chunk's columns. */
  append(c: PositionColumns, start: number, end: number): void {
    const n = end - start;
    while (this.length + n > this.columns.time.length) this.grow();
    copyPositions(c, start, this.columns, this.length, n);
    this.length += n;
  }

  /** The track so far; the builder must begin() again before the next append. */
  take(): VesselTrack {
    const n = this.length;
    const c = this.columns;
    const trimmed = <T extends Float64Array | Float32Array>(a: T): T =>
      a.length === n ? a : (a.slice(0, n) as T);
    const track: VesselTrack = {
      mmsi: this.mmsi,
      time: trimmed(c.time),
      lat: trimmed(c.lat),
      lon: trimmed(c.lon),
      sog: trimmed(c.sog),
      cog: trimmed(c.cog),
      heading: trimmed(c.heading),
    };
    this.length = 0;
    return track;
  }

  private grow(): void {
    const wider = positionColumns(Math.max(1024, this.columns.time.length * 2));
    copyPositions(this.columns, 0, wider, 0, this.length);
    this.columns = wider;
  }
}

/** How many positions and vessels are stored (for summaries and tests). */
export async function countPositions(
  ctx: Context,
): Promise<{ positions: number; vessels: number }> {
  const connection = await ensureMaritimeTables(ctx.columnar);
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::DOUBLE, count(DISTINCT mmsi)::DOUBLE FROM ${POSITION_TABLE}`,
  );
  const [positions, vessels] = (reader.getRows()[0] ?? [0, 0]) as [number, number];
  return { positions, vessels };
}
