import { distanceKm, impliedSpeedKnots, KM_PER_NM } from "../geo.js";
import type { VesselTrack } from "../track.js";
import { type MaritimeEvent, round } from "./event.js";

/** When silence counts as "going dark". */
export interface GapParams {
  /** No report for at least this long (GFW's AIS-disabling events: 12 hours). */
  readonly minHours: number;
}

export const GAP_DEFAULTS: GapParams = { minHours: 12 };

/**
 * Finds the spans in which a vessel sent nothing for `minHours`: where it went dark (the
 * event's position), where it reappeared, and the speed the straight line between the two
 * implies (a tanker that "drifted" 400 nm in a day sailed somewhere). A gap is only a lead:
 * poor reception looks the same, which is why the implied speed and distance are given.
 */
export function detectGaps(track: VesselTrack, params: Partial<GapParams> = {}): MaritimeEvent[] {
  const p = { ...GAP_DEFAULTS, ...params };
  const events: MaritimeEvent[] = [];
  for (let i = 1; i < track.time.length; i++) {
    const start = track.time[i - 1] as number;
    const end = track.time[i] as number;
    if (end - start < p.minHours * 3600) continue;
    const lat0 = track.lat[i - 1] as number;
    const lon0 = track.lon[i - 1] as number;
    const lat1 = track.lat[i] as number;
    const lon1 = track.lon[i] as number;
    const km = distanceKm(lat0, lon0, lat1, lon1);
    events.push({
      kind: "gap",
      vessels: [track.mmsi],
      start,
      end,
      lat: round(lat0, 5),
      lon: round(lon0, 5),
      details: {
        hours: round((end - start) / 3600, 2),
        reappearLat: round(lat1, 5),
        reappearLon: round(lon1, 5),
        distanceNm: round(km / KM_PER_NM, 1),
        impliedSpeedKnots: round(impliedSpeedKnots(km, end - start), 2),
      },
    });
  }
  return events;
}
