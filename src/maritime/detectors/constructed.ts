import { KM_PER_NM } from "../geo.js";
import { type Report, trackOf } from "../testing.js";
import type { VesselTrack } from "../track.js";

/** 2024-03-01T00:00:00Z, the origin of the constructed tracks. */
export const T0 = Date.UTC(2024, 2, 1) / 1000;

export interface Leg {
  /** Hours after T0 this leg starts and ends. */
  readonly fromHour: number;
  readonly toHour: number;
  readonly lat: number;
  readonly lon: number;
  /** Northward and eastward speed in knots (0 for a vessel drifting in place). */
  readonly north?: number;
  readonly east?: number;
  /** Seconds between reports (default 120). */
  readonly every?: number;
}

/**
 * A track made of straight legs at constant velocity, reporting every `every` seconds with a
 * reported speed that matches the motion: the constructed cases the detector tests use.
 */
export function sail(mmsi: number, legs: readonly Leg[]): VesselTrack {
  const reports: Report[] = [];
  for (const leg of legs) {
    const every = leg.every ?? 120;
    const north = leg.north ?? 0;
    const east = leg.east ?? 0;
    for (let s = leg.fromHour * 3600; s <= leg.toHour * 3600; s += every) {
      const hours = (s - leg.fromHour * 3600) / 3600;
      const lat = leg.lat + (north * hours * KM_PER_NM) / 111.2;
      const lon =
        leg.lon + (east * hours * KM_PER_NM) / (111.2 * Math.cos((leg.lat * Math.PI) / 180));
      reports.push({ time: T0 + s, lat, lon, sog: Math.hypot(north, east) });
    }
  }
  return trackOf(mmsi, reports);
}
