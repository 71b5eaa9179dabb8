import { distanceKm, impliedSpeedKnots } from "../geo.js";
import type { VesselTrack } from "../track.js";

/**
 * The speed at position `i` in knots: the reported speed over ground, else the speed implied
 * by the distance to the next position (the previous one for the last), as GFW does for
 * tracks whose receivers drop the field.
 */
export function speedAt(track: VesselTrack, i: number): number {
  const n = track.time.length;
  if (n < 2) return (track.sog[i] as number) ?? Number.NaN;
  return speedTowards(track, i, i + 1 < n ? i + 1 : i - 1);
}

/** The reported speed at `i`, or the speed implied between `i` and its neighbour `k`. */
export function speedTowards(track: VesselTrack, i: number, k: number): number {
  const sog = track.sog[i] as number;
  if (!Number.isNaN(sog)) return sog;
  if (i === k) return Number.NaN;
  const km = distanceKm(
    track.lat[i] as number,
    track.lon[i] as number,
    track.lat[k] as number,
    track.lon[k] as number,
  );
  return impliedSpeedKnots(km, Math.abs((track.time[k] as number) - (track.time[i] as number)));
}
