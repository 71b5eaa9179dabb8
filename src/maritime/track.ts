/**
 * The partition the maritime detectors run over: one vessel's positions in time order, held
 * as columns (typed arrays) so that millions of positions cost a few bytes each and a worker
 * can receive a track without copying objects.
 */
export interface VesselTrack extends PositionColumns {
  readonly mmsi: number;
}

/** Positions as columns: a track's, a chunk's of the store, or a file's as it is imported. */
export interface PositionColumns {
  /** Seconds since the Unix epoch (UTC); ascending in a track, duplicates removed at import. */
  readonly time: Float64Array;
  /** Degrees, WGS 84; positions "not available" (91/181) never reach a track. */
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** Speed over ground in knots; NaN when not available. */
  readonly sog: Float32Array;
  /** Course over ground in degrees; NaN when not available. */
  readonly cog: Float32Array;
  /** True heading in degrees; NaN when not available. */
  readonly heading: Float32Array;
}

/** Zeroed position columns for `size` positions. */
export function positionColumns(size: number): PositionColumns {
  return {
    time: new Float64Array(size),
    lat: new Float64Array(size),
    lon: new Float64Array(size),
    sog: new Float32Array(size),
    cog: new Float32Array(size),
    heading: new Float32Array(size),
  };
}

/** Copies `n` positions of `from`, starting at `start`, into `to` at `at`. */
export function copyPositions(
  from: PositionColumns,
  start: number,
  to: PositionColumns,
  at: number,
  n: number,
): void {
  to.time.set(from.time.subarray(start, start + n), at);
  to.lat.set(from.lat.subarray(start, start + n), at);
  to.lon.set(from.lon.subarray(start, start + n), at);
  to.sog.set(from.sog.subarray(start, start + n), at);
  to.cog.set(from.cog.subarray(start, start + n), at);
  to.heading.set(from.heading.subarray(start, start + n), at);
}

/**
 * What a vessel said of itself over a span of time (static and voyage data, AIS types 5, 19,
 * 24, or the static columns of a CSV). A new span starts when any field changes, so a vessel's
 * name or flag on a given day is the span that covers that day.
 */
export interface VesselIdentity {
  readonly mmsi: number;
  /** First and last time (epoch seconds) this identity was reported. */
  readonly from: number;
  readonly to: number;
  readonly imo: string | null;
  readonly name: string | null;
  readonly callsign: string | null;
  /** ISO 3166-1 alpha-2 flag from the MMSI's Maritime Identification Digits. */
  readonly flag: string | null;
  /** AIS ship and cargo type code (ITU-R M.1371 table 53). */
  readonly shipType: number | null;
  readonly length: number | null;
  readonly width: number | null;
  readonly draught: number | null;
}
