import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { secondsOf } from "../geo.js";
import { AIS_DATA, loadRealTracks, trackOf } from "../testing.js";
import type { VesselIdentity } from "../track.js";
import { sail, T0 } from "./constructed.js";
import { detectFlagChanges, detectIdentityIssues, mmsiProblem } from "./identity.js";

function identity(
  mmsi: number,
  fromHour: number,
  toHour: number,
  fields: Partial<VesselIdentity>,
): VesselIdentity {
  return {
    mmsi,
    from: T0 + fromHour * 3600,
    to: T0 + toHour * 3600,
    imo: null,
    name: null,
    callsign: null,
    flag: null,
    shipType: null,
    length: null,
    width: null,
    draught: null,
    ...fields,
  };
}

const reasons = (events: readonly { details: Record<string, unknown> }[]) =>
  events.map((e) => e.details.reason);

describe("mmsiProblem", () => {
  it.each([
    [412345678, null],
    [412000000, "generic (MID followed by zeros)"],
    [111111111, "placeholder number"],
    [123456789, "placeholder number"],
    [100200300, "not a ship station (leading 1)"],
    [970123456, "not a ship station (leading 9)"],
    [12345, "not nine digits"],
  ])("%s → %s", (mmsi, problem) => {
    expect(mmsiProblem(mmsi)).toBe(problem);
  });

  it("asks the MID table when one is given", () => {
    expect(mmsiProblem(299123456, () => null)).toBe("unknown MID 299");
    expect(mmsiProblem(299123456, () => "XX")).toBeNull();
  });
});

describe("detectIdentityIssues on constructed tracks", () => {
  it("finds one MMSI reported from two places 300 km apart at the same time", () => {
    const a = sail(352000100, [
      { fromHour: 0, toHour: 6, lat: 38.5, lon: 124.0, north: 10, every: 600 },
    ]);
    const b = sail(352000100, [
      { fromHour: 0.05, toHour: 6.05, lat: 41.2, lon: 124.0, north: 10, every: 600 },
    ]);
    const merged = trackOf(352000100, [
      ...Array.from(a.time, (time, i) => ({
        time,
        lat: a.lat[i] as number,
        lon: a.lon[i] as number,
        sog: 10,
      })),
      ...Array.from(b.time, (time, i) => ({
        time,
        lat: b.lat[i] as number,
        lon: b.lon[i] as number,
        sog: 10,
      })),
    ]);
    const events = detectIdentityIssues(merged, []);
    expect(reasons(events)).toEqual(["two-places"]);
    expect(events[0]?.details.distanceKm).toBeGreaterThan(290);
    expect(events[0]?.details.distanceKm).toBeLessThan(310);
  });

  it("does not fire for a fast craft at 45 knots, nor a far reappearance after a long gap", () => {
    const fast = sail(440000101, [
      { fromHour: 0, toHour: 5, lat: 35, lon: 129, north: 45, every: 60 },
    ]);
    const gap = sail(440000102, [
      { fromHour: 0, toHour: 2, lat: 38, lon: 124 },
      { fromHour: 22, toHour: 24, lat: 41, lon: 124 }, // 333 km in 20 h: 9 knots
    ]);
    expect(detectIdentityIssues(fast, [])).toEqual([]);
    expect(detectIdentityIssues(gap, [])).toEqual([]);
  });

  it("does not take one stray fix for a second ship", () => {
    const reports = Array.from(
      sail(440000103, [{ fromHour: 0, toHour: 3, lat: 38, lon: 124 }]).time,
      (time) => ({ time, lat: 38, lon: 124, sog: 0 }),
    );
    reports.push({ time: T0 + 3600 + 1, lat: 10, lon: 60, sog: 0 });
    expect(detectIdentityIssues(trackOf(440000103, reports), [])).toEqual([]);
  });

  it("reports IMO and name changes of one MMSI, with the values before and after", () => {
    const track = sail(667000104, [{ fromHour: 0, toHour: 48, lat: 38, lon: 124 }]);
    const events = detectIdentityIssues(track, [
      identity(667000104, 0, 10, { imo: "8712362", name: "CHON MYONG 1" }),
      identity(667000104, 12, 30, { imo: "8712362", name: "CHON MYONG 1", callsign: "X" }),
      identity(667000104, 31, 48, { imo: "9123456", name: "SEA STAR" }),
    ]);
    expect(events.map((e) => [e.details.reason, e.details.from, e.details.to])).toEqual([
      ["imo-change", "8712362", "9123456"],
      ["name-change", "CHON MYONG 1", "SEA STAR"],
    ]);
    expect(events[0]?.start).toBe(T0 + 30 * 3600);
    expect(events[0]?.end).toBe(T0 + 31 * 3600);
    expect(events[0]?.lat).toBe(38);
  });

  it("finds a hull (one IMO) changing flag with its MMSI", () => {
    const events = detectFlagChanges([
      identity(352000105, 0, 100, { imo: "8605026", flag: "PA" }),
      identity(341000105, 200, 300, { imo: "8605026", flag: "KN" }),
      identity(341000106, 0, 300, { imo: "9999999", flag: "KN" }),
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]?.vessels).toEqual([352000105, 341000105]);
    expect([events[0]?.details.from, events[0]?.details.to]).toEqual(["PA", "KN"]);
  });
});

describe("detectIdentityIssues on real tracks", () => {
  it("finds the generic Taiwan MMSI 416000000 used in East Asia and the Indian Ocean at once", () => {
    const [track] = loadRealTracks("positions/gfw_gpsdio_segment_416000000.jsonl", {
      mmsi: "ssvid",
      time: "timestamp",
      lat: "lat",
      lon: "lon",
      sog: "speed",
    }).values();
    if (track === undefined) throw new Error("no track");
    const events = detectIdentityIssues(track, []);
    expect(events.find((e) => e.details.reason === "invalid-mmsi")?.details.problem).toBe(
      "generic (MID followed by zeros)",
    );
    const far = events.filter(
      (e) => e.details.reason === "two-places" && (e.details.distanceKm as number) > 5000,
    );
    expect(far.length).toBeGreaterThan(0);
  });

  const pointPair = () => {
    const text = gunzipSync(
      readFileSync(join(AIS_DATA, "positions", "gfw_gpsdio_segment_pointpair_2015.csv.gz")),
    ).toString("utf8");
    return parse(text, { columns: true }) as Record<string, string>[];
  };

  it("finds the MMSIs GFW's segmenter tests as shared (240000000, 431704490), not the others", () => {
    const tracks = loadRealTracks("positions/gfw_gpsdio_segment_pointpair_2015.csv.gz", {
      mmsi: "mmsi",
      time: "timestamp",
      lat: "lat",
      lon: "lon",
      sog: "speed",
    });
    const twoPlaces = (mmsi: number) => {
      const track = tracks.get(mmsi);
      if (track === undefined) throw new Error(`no track ${mmsi}`);
      return detectIdentityIssues(track, []).filter((e) => e.details.reason === "two-places");
    };
    expect(twoPlaces(240000000).length).toBeGreaterThan(0);
    expect(twoPlaces(431704490).length).toBeGreaterThan(0);
    expect(twoPlaces(204814000)).toEqual([]);
    expect(twoPlaces(538004505)).toEqual([]);
  });

  it("finds 240000000 naming itself both WARSHIP M71 and IMPALA MAGDALENA", () => {
    const rows = pointPair().filter((r) => r.mmsi === "240000000" && r.shipname !== "");
    // Identity spans as the import keeps them: a new span whenever the name changes.
    const spans: VesselIdentity[] = [];
    for (const row of rows) {
      const t = secondsOf(row.timestamp as string);
      const last = spans.at(-1);
      if (last !== undefined && last.name === row.shipname)
        spans[spans.length - 1] = { ...last, to: t };
      else
        spans.push({
          ...identity(240000000, 0, 0, { name: row.shipname ?? null }),
          from: t,
          to: t,
        });
    }
    const track = trackOf(240000000, []);
    const changes = detectIdentityIssues(track, spans).filter(
      (e) => e.details.reason === "name-change",
    );
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.flatMap((e) => [e.details.from, e.details.to]))).toEqual(
      new Set(["WARSHIP M71", "IMPALA MAGDALENA"]),
    );
  });
});
