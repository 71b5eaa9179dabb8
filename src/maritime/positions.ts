import type { DuckDBConnection } from "@duckdb/node-api";
import type { Context } from "../store/index.js";
import type { VesselTrack } from "./track.js";

/**
 * AIS positions live in the columnar store (DuckDB, see src/store/columnar.ts), not in
 * PostgreSQL: millions of rows of eight numbers that the detectors read a vessel at a time in
 * time order. DuckDB stores them compressed by column, appends them in bulk and sorts them
 * vectorised; rows are inserted ordered by (mmsi, time) so each vessel's rows sit together and
 * the zone maps on mmsi and time skip the rest. Time is epoch seconds (DOUBLE) because that is
 * what a VesselTrack holds: no conversion on the way out.
 */
export const POSITION_TABLE = "maritime_position";

/** Creates the position table (and the identity tables beside it) if they are missing. */
export async function ensureMaritimeTables(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE TABLE IF NOT EXISTS ${POSITION_TABLE} (
      mmsi UINTEGER NOT NULL,
      time DOUBLE NOT NULL,
      lat DOUBLE NOT NULL,
      lon DOUBLE NOT NULL,
      sog FLOAT,
      cog FLOAT,
      heading FLOAT
    );
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
}

export interface ReadTracksOptions {
  /** Epoch seconds, inclusive. */
  readonly from?: number;
  readonly to?: number;
  readonly mmsi?: readonly number[];
}

/**
 * The stored positions as tracks, one vessel at a time in MMSI order, each in time order
 * (epoch seconds). Streams: memory holds one vessel and one DuckDB chunk, not the table.
 */
export async function* readTracks(
  ctx: Context,
  options: ReadTracksOptions = {},
): AsyncIterable<VesselTrack> {
  const connection = await ctx.columnar.connect();
  await ensureMaritimeTables(connection);
  const where: string[] = [];
  if (options.from !== undefined) where.push(`time >= ${Number(options.from)}`);
  if (options.to !== undefined) where.push(`time <= ${Number(options.to)}`);
  if (options.mmsi !== undefined) {
    if (options.mmsi.length === 0) return;
    where.push(`mmsi IN (${options.mmsi.map((m) => Math.trunc(Number(m))).join(",")})`);
  }
  const result = await connection.stream(
    `SELECT mmsi, time, lat, lon, sog, cog, heading FROM ${POSITION_TABLE}
     ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY mmsi, time`,
  );
  const builder = new TrackBuilder();
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; ) {
    const current = chunk;
    const column = (index: number): Vector => current.getColumnVector(index);
    const [mmsi, time, lat, lon] = [column(0), column(1), column(2), column(3)];
    const [sog, cog, heading] = [column(4), column(5), column(6)];
    for (let row = 0; row < chunk.rowCount; row++) {
      const vessel = mmsi.getItem(row) as number;
      if (vessel !== builder.mmsi && builder.length > 0) yield builder.take();
      builder.mmsi = vessel;
      builder.push(
        time.getItem(row) as number,
        lat.getItem(row) as number,
        lon.getItem(row) as number,
        (sog.getItem(row) as number | null) ?? Number.NaN,
        (cog.getItem(row) as number | null) ?? Number.NaN,
        (heading.getItem(row) as number | null) ?? Number.NaN,
      );
    }
    chunk = await result.fetchChunk();
  }
  if (builder.length > 0) yield builder.take();
}

interface Vector {
  getItem(index: number): unknown;
}

/** Growable columns for one vessel's track. */
class TrackBuilder {
  mmsi = -1;
  length = 0;
  private time = new Float64Array(1024);
  private lat = new Float64Array(1024);
  private lon = new Float64Array(1024);
  private sog = new Float32Array(1024);
  private cog = new Float32Array(1024);
  private heading = new Float32Array(1024);

  push(time: number, lat: number, lon: number, sog: number, cog: number, heading: number): void {
    if (this.length === this.time.length) this.grow();
    const i = this.length++;
    this.time[i] = time;
    this.lat[i] = lat;
    this.lon[i] = lon;
    this.sog[i] = sog;
    this.cog[i] = cog;
    this.heading[i] = heading;
  }

  take(): VesselTrack {
    const n = this.length;
    const track: VesselTrack = {
      mmsi: this.mmsi,
      time: this.time.slice(0, n),
      lat: this.lat.slice(0, n),
      lon: this.lon.slice(0, n),
      sog: this.sog.slice(0, n),
      cog: this.cog.slice(0, n),
      heading: this.heading.slice(0, n),
    };
    this.length = 0;
    return track;
  }

  private grow(): void {
    const size = this.time.length * 2;
    const widen64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const widen32 = (a: Float32Array) => {
      const b = new Float32Array(size);
      b.set(a);
      return b;
    };
    this.time = widen64(this.time);
    this.lat = widen64(this.lat);
    this.lon = widen64(this.lon);
    this.sog = widen32(this.sog);
    this.cog = widen32(this.cog);
    this.heading = widen32(this.heading);
  }
}

/** How many positions and vessels are stored (for summaries and tests). */
export async function countPositions(
  ctx: Context,
): Promise<{ positions: number; vessels: number }> {
  const connection = await ctx.columnar.connect();
  await ensureMaritimeTables(connection);
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::DOUBLE, count(DISTINCT mmsi)::DOUBLE FROM ${POSITION_TABLE}`,
  );
  const [positions, vessels] = (reader.getRows()[0] ?? [0, 0]) as [number, number];
  return { positions, vessels };
}
