import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { KM_PER_NM, secondsOf } from "../geo.js";
import { PORTS_OF_INTEREST, PortIndex } from "../ports.js";
import { resampleTrack } from "../resample.js";
import { AIS_DATA, loadRealTracks, trackOf } from "../testing.js";
import type { VesselTrack } from "../track.js";
import { sail, T0 } from "./constructed.js";
import { detectEncounters } from "./encounter.js";

const PORTS = new PortIndex(PORTS_OF_INTEREST);
const NO_PORTS = new PortIndex([]);

/** Korea Bay, 95 km west of Nampo: open water where STS transfers were photographed. */
const AT = { lat: 38.5, lon: 124.3 };

function encounters(tracks: readonly VesselTrack[], ports = PORTS, params = {}) {
  return detectEncounters({ tracks: tracks.map((t) => resampleTrack(t)) }, ports, params);
}

/** Two tankers side by side, `km` apart north–south, drifting east at `knots`. */
function pair(hours: number, km: number, knots = 0.5, at = AT) {
  const dLat = km / 111.2;
  return [
    sail(412000001, [{ fromHour: 0, toHour: hours, lat: at.lat, lon: at.lon, east: knots }]),
    sail(445000002, [{ fromHour: 0, toHour: hours, lat: at.lat + dLat, lon: at.lon, east: knots }]),
  ];
}

describe("detectEncounters on constructed tracks", () => {
  it("finds two tankers 200 m apart for three hours, slow, in open water", () => {
    const events = encounters(pair(3, 0.2));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.vessels).toEqual([412000001, 445000002]);
    expect(event?.start).toBe(T0);
    expect(event?.end).toBe(T0 + 3 * 3600);
    expect(event?.details.medianDistanceKm).toBeCloseTo(0.2, 2);
    expect(event?.details.medianSpeedKnots).toBeCloseTo(0.5, 2);
    expect(event?.lat).toBeCloseTo(AT.lat + 0.1 / 111.2, 3);
  });

  it("does not fire for 1 h 50 min alongside (near miss on duration)", () => {
    expect(encounters(pair(11 / 6, 0.2))).toEqual([]);
    expect(encounters(pair(2, 0.2))).toHaveLength(1);
  });

  it("does not fire at 0.6 km apart (near miss on distance)", () => {
    expect(encounters(pair(4, 0.6))).toEqual([]);
    expect(encounters(pair(4, 0.45))).toHaveLength(1);
  });

  it("does not fire for a convoy sailing together at 3 knots", () => {
    expect(encounters(pair(4, 0.2, 3))).toEqual([]);
    expect(encounters(pair(4, 0.2, 1.9))).toHaveLength(1);
  });

  it("does not fire within 10 km of a port (Nampo), and fires 12 km out", () => {
    const nampo = { lat: 38.716667, lon: 125.4 };
    expect(encounters(pair(4, 0.2, 0, { lat: nampo.lat + 0.05, lon: nampo.lon }))).toEqual([]);
    expect(
      encounters(pair(4, 0.2, 0, { lat: nampo.lat - 12 / 111.2, lon: nampo.lon })),
    ).toHaveLength(1);
  });

  it("does not interpolate across a gap of more than an hour", () => {
    const [a, b] = pair(3.5, 0.2, 0);
    // The second vessel is dark from 1.5 h to 3 h: two 1.5-hour halves, neither long enough.
    const gapped = trackOf(
      (b as VesselTrack).mmsi,
      Array.from((b as VesselTrack).time, (time, i) => ({
        time,
        lat: (b as VesselTrack).lat[i] as number,
        lon: (b as VesselTrack).lon[i] as number,
        sog: 0,
      })).filter((r) => r.time <= T0 + 1.5 * 3600 || r.time >= T0 + 3 * 3600),
    );
    expect(encounters([a as VesselTrack, gapped])).toEqual([]);
    // The same tracks with the gap bridged (2 hours allowed) would be one encounter.
    const bridged = detectEncounters(
      { tracks: [a as VesselTrack, gapped].map((t) => resampleTrack(t, { maxGapSeconds: 7200 })) },
      PORTS,
    );
    expect(bridged).toHaveLength(1);
  });

  it("keeps only grid steps inside the partition's time window", () => {
    const tracks = pair(6, 0.2).map((t) => resampleTrack(t));
    const inside = detectEncounters({ tracks, from: T0, to: T0 + 3 * 3600 }, PORTS);
    expect(inside).toHaveLength(1);
    expect(inside[0]?.end).toBe(T0 + 3 * 3600 - 600);
    expect(detectEncounters({ tracks, from: T0, to: T0 + 3600 }, PORTS)).toEqual([]);
  });

  it("finds the pair among a hundred other vessels passing by", () => {
    const others = Array.from({ length: 100 }, (_, i) =>
      sail(273000000 + i, [
        { fromHour: 0, toHour: 4, lat: AT.lat - 0.5 + i * 0.01, lon: AT.lon - 0.3, east: 10 },
      ]),
    );
    const events = encounters([...pair(4, 0.3), ...others]);
    expect(events.map((e) => e.vessels)).toEqual([[412000001, 445000002]]);
  });
});

describe("detectEncounters on real tracks", () => {
  it("does not call the SCOT CARRIER / KARIN HOEJ collision approach an encounter", () => {
    const tracks = loadRealTracks("positions/robjur_collision_219021240_232018267_2021-12-13.csv", {
      mmsi: "MMSI",
      time: "DateTime",
      lat: "Latitude",
      lon: "Longitude",
      sog: "SOG",
    });
    expect([...tracks.keys()].sort()).toEqual([219021240, 232018267]);
    expect(encounters([...tracks.values()])).toEqual([]);
    // They did come within 0.5 km, at 6 and 12 knots for the last three minutes (seen on a
    // one-minute grid): the rule rejects them on speed and duration, not for want of approach.
    const close = detectEncounters(
      { tracks: [...tracks.values()].map((t) => resampleTrack(t, { stepSeconds: 60 })) },
      PORTS,
      { minDurationHours: 0, maxMedianSpeedKnots: 100, stepSeconds: 60 },
    );
    expect(close.length).toBeGreaterThan(0);
    expect(close.every((e) => (e.details.medianSpeedKnots as number) > 2)).toBe(true);
  });

  it("recovers GFW's published encounters (Miller et al. 2018) from tracks replaying them", () => {
    const text = gunzipSync(
      readFileSync(join(AIS_DATA, "ground_truth", "gfw_miller2018_encounter_events.csv.gz")),
    ).toString("utf8");
    const rows = (parse(text, { columns: true }) as Record<string, string>[])
      .filter((r) => Number(r.duration_hr) <= 24)
      .slice(0, 300);
    expect(rows.length).toBe(300);
    for (const row of rows) {
      const start = secondsOf(row.start_time as string);
      const end = secondsOf(row.end_time as string);
      const lat = Number(row.mean_latitude);
      const lon = Number(row.mean_longitude);
      const km = Number(row.median_distance_km);
      const knots = Number(row.median_speed_knots);
      // Both vessels drift east together at the reported median speed, the reported distance
      // apart; each reports every 5 minutes from 20 minutes before to 20 minutes after.
      const make = (mmsi: number, dLat: number) => {
        const reports = [];
        for (let t = start - 1200; t <= end + 1200; t += 300) {
          const inside = t >= start && t <= end;
          const hours = (t - start) / 3600;
          const east = (knots * hours * KM_PER_NM) / (111.2 * Math.cos((lat * Math.PI) / 180));
          // Before and after, they are 2 km apart: the encounter is exactly the published span.
          reports.push({
            time: t,
            lat: lat + (inside ? dLat : dLat * (2 / km)),
            lon: lon + east,
            sog: knots,
          });
        }
        return trackOf(mmsi, reports);
      };
      const a = make(Number(row.fishing_vessel_mmsi), km / 2 / 111.2);
      const b = make(Number(row.transshipment_vessel_mmsi), -km / 2 / 111.2);
      const found = encounters([a, b], NO_PORTS);
      expect(found, `${row.fishing_vessel_mmsi} ${row.start_time}`).toHaveLength(1);
      expect(found[0]?.start).toBe(start);
      expect(found[0]?.end).toBe(end);
      expect(found[0]?.details.durationHours).toBeCloseTo(Number(row.duration_hr), 2);
    }
  });
});
