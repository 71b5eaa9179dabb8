import type { ShoreDistance } from "../coastline.js";
import { KM_PER_NM } from "../geo.js";
import type { VesselTrack } from "../track.js";
import { type MaritimeEvent, round } from "./event.js";
import { speedAt } from "./speed.js";

/** Global Fishing Watch's loitering rule, each figure configurable. */
export interface LoiteringParams {
  /** Every position of the run below this speed (GFW: 2 knots). */
  readonly maxSpeedKnots: number;
  /** For at least this long (GFW: 4 hours). */
  readonly minDurationHours: number;
  /** With the mean position at least this far from shore or port (GFW: 20 nautical miles). */
  readonly minShoreDistanceNm: number;
  /** Reports further apart than this end the run: a vessel dark for longer is not known to loiter. */
  readonly maxGapHours: number;
}

export const LOITERING_DEFAULTS: LoiteringParams = {
  maxSpeedKnots: 2,
  minDurationHours: 4,
  minShoreDistanceNm: 20,
  maxGapHours: 2,
};

/**
 * Finds runs in which a vessel stayed below `maxSpeedKnots` for `minDurationHours` far from
 * shore: a tanker waiting for a transfer partner, or one transferring with a vessel that does
 * not transmit. `shore` says how far the shore is: the world coastline and the ports in
 * detectEvents, or given points.
 */
export function detectLoitering(
  track: VesselTrack,
  shore: ShoreDistance,
  params: Partial<LoiteringParams> = {},
): MaritimeEvent[] {
  const p = { ...LOITERING_DEFAULTS, ...params };
  const events: MaritimeEvent[] = [];
  const n = track.time.length;
  let first = -1;
  const close = (last: number) => {
    if (first < 0) return;
    const start = track.time[first] as number;
    const end = track.time[last] as number;
    const from = first;
    first = -1;
    if (end - start < p.minDurationHours * 3600) return;
    let lat = 0;
    let lon = 0;
    let speed = 0;
    for (let i = from; i <= last; i++) {
      lat += track.lat[i] as number;
      lon += track.lon[i] as number;
      speed += speedAt(track, i);
    }
    const count = last - from + 1;
    lat /= count;
    lon /= count;
    const minKm = p.minShoreDistanceNm * KM_PER_NM;
    const shoreKm = shore.nearestKm(lat, lon, minKm);
    if (shoreKm < minKm) return;
    events.push({
      kind: "loitering",
      vessels: [track.mmsi],
      start,
      end,
      lat: round(lat, 5),
      lon: round(lon, 5),
      details: {
        durationHours: round((end - start) / 3600, 2),
        meanSpeedKnots: round(speed / count, 2),
        positions: count,
      },
    });
  };
  for (let i = 0; i < n; i++) {
    const slow = speedAt(track, i) < p.maxSpeedKnots;
    const gap =
      i > 0 && (track.time[i] as number) - (track.time[i - 1] as number) > p.maxGapHours * 3600;
    if (first >= 0 && (gap || !slow)) close(i - 1);
    if (slow && first < 0) first = i;
  }
  close(n - 1);
  return events;
}
