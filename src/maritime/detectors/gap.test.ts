import { describe, expect, it } from "vitest";
import { KM_PER_NM } from "../geo.js";
import { loadRealTracks } from "../testing.js";
import { sail, T0 } from "./constructed.js";
import { detectGaps } from "./gap.js";

describe("detectGaps on constructed tracks", () => {
  it("says where a tanker went dark, where it reappeared, and the speed implied", () => {
    const track = sail(667000001, [
      { fromHour: 0, toHour: 5, lat: 38.0, lon: 123.5, north: 10 },
      { fromHour: 25, toHour: 30, lat: 38.5, lon: 124.9, north: -10 },
    ]);
    const events = detectGaps(track);
    expect(events).toHaveLength(1);
    const [gap] = events;
    expect(gap?.start).toBe(T0 + 5 * 3600);
    expect(gap?.end).toBe(T0 + 25 * 3600);
    expect(gap?.details.hours).toBe(20);
    expect(gap?.lat).toBeCloseTo(38 + (50 * KM_PER_NM) / 111.2, 3);
    expect(gap?.details.reappearLat).toBe(38.5);
    expect(gap?.details.reappearLon).toBe(124.9);
    const nm = gap?.details.distanceNm as number;
    expect(gap?.details.impliedSpeedKnots).toBeCloseTo(nm / 20, 1);
  });

  it("does not fire on 11.9 hours of silence (near miss), fires on 12", () => {
    const near = sail(667000002, [
      { fromHour: 0, toHour: 1, lat: 38, lon: 124 },
      { fromHour: 12.9, toHour: 14, lat: 38, lon: 124 },
    ]);
    const at = sail(667000003, [
      { fromHour: 0, toHour: 1, lat: 38, lon: 124 },
      { fromHour: 13, toHour: 14, lat: 38, lon: 124 },
    ]);
    expect(detectGaps(near)).toEqual([]);
    expect(detectGaps(at)).toHaveLength(1);
    expect(detectGaps(near, { minHours: 6 })).toHaveLength(1);
  });
});

describe("detectGaps on real tracks", () => {
  it("finds the satellite-era silences of the SkyTruth/GFW 2012 sample, each between two reports", () => {
    const tracks = loadRealTracks("positions/gfw_pelagos_raw_1_3_10k_points.csv.gz", {
      mmsi: "mmsi",
      time: "timestamp",
      lat: "latitude",
      lon: "longitude",
      sog: "sog",
    });
    expect(tracks.size).toBe(4);
    let total = 0;
    for (const track of tracks.values()) {
      const events = detectGaps(track);
      total += events.length;
      const times = Array.from(track.time);
      for (const gap of events) {
        expect(gap.end - gap.start).toBeGreaterThanOrEqual(12 * 3600);
        const i = times.indexOf(gap.start);
        expect(i).toBeGreaterThanOrEqual(0);
        expect(times[i + 1]).toBe(gap.end);
      }
      const long = detectGaps(track, { minHours: 48 });
      expect(long.every((g) => events.some((e) => e.start === g.start))).toBe(true);
    }
    expect(total).toBeGreaterThan(10);
  });

  it("finds no gap in the 40 minutes of the Bornholm collision tracks", () => {
    const tracks = loadRealTracks("positions/robjur_collision_219021240_232018267_2021-12-13.csv", {
      mmsi: "MMSI",
      time: "DateTime",
      lat: "Latitude",
      lon: "Longitude",
      sog: "SOG",
    });
    for (const track of tracks.values()) expect(detectGaps(track)).toEqual([]);
  });
});
