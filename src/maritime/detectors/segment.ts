import { distanceBoundKm, distanceKm, impliedSpeedKnots } from "../geo.js";
import type { VesselTrack } from "../track.js";

export interface SegmentParams {
  /** Faster than this between two reports is not one ship (default 50 knots). */
  readonly maxSpeedKnots: number;
  /** Jumps shorter than this are GPS noise, whatever the speed (default 5 km). */
  readonly minJumpKm: number;
  /** Segments with fewer reports are stray fixes and are dropped (default 3). */
  readonly minPositions: number;
}

export const SEGMENT_DEFAULTS: SegmentParams = { maxSpeedKnots: 50, minJumpKm: 5, minPositions: 3 };

/** The reports of one ship within an MMSI's track: indices into the track, ascending. */
export interface Segment {
  readonly first: number;
  last: number;
  readonly indices: number[];
}

/**
 * Splits an MMSI's track into the ships it is made of, the way GFW's segmenter does before its
 * detectors run: each report joins the segment it can be reached from at a possible speed,
 * else it starts a new one. A feed where two ships send one MMSI gives two segments; one
 * ship gives one (plus stray fixes, dropped). Reports at 0°N 0°E (no GPS fix) are skipped.
 */
export function segmentTrack(track: VesselTrack, params: Partial<SegmentParams> = {}): Segment[] {
  const p = { ...SEGMENT_DEFAULTS, ...params };
  const segments: Segment[] = [];
  const active: Segment[] = [];
  for (let i = 0; i < track.time.length; i++) {
    if (track.lat[i] === 0 && track.lon[i] === 0) continue;
    let best: Segment | undefined;
    let bestSpeed = Number.POSITIVE_INFINITY;
    for (const segment of active) {
      const speed = jumpSpeedKnots(track, segment.last, i, p.minJumpKm);
      if (speed <= p.maxSpeedKnots && speed < bestSpeed) {
        best = segment;
        bestSpeed = speed;
      }
    }
    if (best === undefined) {
      best = { first: i, last: i, indices: [] };
      segments.push(best);
      active.push(best);
      // Only recent segments can still be joined; stray fixes must not pile up.
      if (active.length > 8) active.shift();
    }
    best.last = i;
    best.indices.push(i);
  }
  return segments.filter((s) => s.indices.length >= p.minPositions);
}

/**
 * The speed from report j to report i, 0 for a jump under `minJumpKm` (GPS noise). Most
 * consecutive reports are a few hundred metres apart: an upper bound on their distance that
 * costs no trigonometry settles those, and the haversine is computed only for the rest (ten
 * million of them took a third of a second).
 */
function jumpSpeedKnots(track: VesselTrack, j: number, i: number, minJumpKm: number): number {
  const lat1 = track.lat[j] as number;
  const lon1 = track.lon[j] as number;
  const lat2 = track.lat[i] as number;
  const lon2 = track.lon[i] as number;
  if (distanceBoundKm(lat1, lon1, lat2, lon2) < minJumpKm) return 0;
  const km = distanceKm(lat1, lon1, lat2, lon2);
  if (km < minJumpKm) return 0;
  return impliedSpeedKnots(km, (track.time[i] as number) - (track.time[j] as number));
}

/** The track of each segment (the whole track when it is one ship). */
export function splitTrack(track: VesselTrack, params: Partial<SegmentParams> = {}): VesselTrack[] {
  return splitBySegments(track, segmentTrack(track, params));
}

/** The track of each of `segments` (segmentTrack's, of this track). */
export function splitBySegments(track: VesselTrack, segments: readonly Segment[]): VesselTrack[] {
  if (segments.length === 1 && segments[0]?.indices.length === track.time.length) return [track];
  return segments.map((s) => {
    const pick = <T extends Float64Array | Float32Array>(column: T, make: (n: number) => T): T => {
      const out = make(s.indices.length);
      s.indices.forEach((index, k) => {
        out[k] = column[index] as number;
      });
      return out;
    };
    return {
      mmsi: track.mmsi,
      time: pick(track.time, (n) => new Float64Array(n)),
      lat: pick(track.lat, (n) => new Float64Array(n)),
      lon: pick(track.lon, (n) => new Float64Array(n)),
      sog: pick(track.sog, (n) => new Float32Array(n)),
      cog: pick(track.cog, (n) => new Float32Array(n)),
      heading: pick(track.heading, (n) => new Float32Array(n)),
    };
  });
}
