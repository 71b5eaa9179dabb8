import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { distanceKm } from "../geo.js";
import { PORTS_OF_INTEREST, PortIndex, readPortsCsv } from "../ports.js";
import { AIS_DATA, loadRealTracks } from "../testing.js";
import { sail, T0 } from "./constructed.js";
import { detectPortCalls } from "./port-call.js";

const PORTS = new PortIndex(PORTS_OF_INTEREST);
const NAMPO = { lat: 38.716667, lon: 125.4 };

describe("detectPortCalls on constructed tracks", () => {
  it("finds a tanker's arrival at and departure from Nampo", () => {
    const track = sail(445000010, [
      { fromHour: 0, toHour: 4, lat: NAMPO.lat - 0.5, lon: NAMPO.lon, north: 7.4 },
      { fromHour: 4.05, toHour: 24, lat: NAMPO.lat, lon: NAMPO.lon },
      { fromHour: 24.05, toHour: 28, lat: NAMPO.lat, lon: NAMPO.lon, north: -7.4 },
    ]);
    const events = detectPortCalls(track, PORTS);
    expect(events).toHaveLength(1);
    const [call] = events;
    expect(call?.details.port).toBe("NAMPO");
    expect(call?.details.country).toBe("KP");
    expect(call?.details.departed).toBe(true);
    // Inside 5 km from about 0.36 h before the berth until 0.36 h after leaving it.
    expect((call?.start ?? 0) - T0).toBeGreaterThan(3.4 * 3600);
    expect((call?.start ?? 0) - T0).toBeLessThan(4.05 * 3600);
    expect((call?.end ?? 0) - T0).toBeGreaterThan(24 * 3600);
    expect((call?.end ?? 0) - T0).toBeLessThan(24.8 * 3600);
  });

  it("does not count a passage 6 km off, nor a 30-minute pass through the radius", () => {
    const off = sail(445000011, [
      { fromHour: 0, toHour: 10, lat: NAMPO.lat - 6 / 111.2, lon: NAMPO.lon - 0.2, east: 2 },
    ]);
    const through = sail(445000012, [
      { fromHour: 0, toHour: 3, lat: NAMPO.lat - 0.2, lon: NAMPO.lon, north: 12 },
    ]);
    expect(detectPortCalls(off, PORTS)).toEqual([]);
    expect(detectPortCalls(through, PORTS)).toEqual([]);
    expect(detectPortCalls(off, PORTS, { radiusKm: 7 })).toHaveLength(1);
  });

  it("keeps one call across a day dark in port, and says when the track ends in port", () => {
    const track = sail(445000013, [
      { fromHour: 0, toHour: 2, ...NAMPO },
      { fromHour: 26, toHour: 30, ...NAMPO },
    ]);
    const events = detectPortCalls(track, PORTS);
    expect(events).toHaveLength(1);
    expect(events[0]?.details.hours).toBe(30);
    expect(events[0]?.details.departed).toBe(false);
  });

  it("uses a port's polygon when it has one", () => {
    const square: [number, number][] = [
      [125.3, 38.6],
      [125.5, 38.6],
      [125.5, 38.8],
      [125.3, 38.8],
    ];
    const port = { ...PORTS_OF_INTEREST[0], polygon: square } as (typeof PORTS_OF_INTEREST)[0];
    const at = { lat: 38.62, lon: 125.32 }; // 12 km from the WPI point, inside the square
    const track = sail(445000014, [{ fromHour: 0, toHour: 5, ...at }]);
    expect(detectPortCalls(track, PORTS)).toEqual([]);
    expect(detectPortCalls(track, new PortIndex([port]))).toHaveLength(1);
  });
});

describe("detectPortCalls on real tracks", () => {
  it("finds calls at Boston in NOAA's harbour tracks with the World Port Index", () => {
    const ports = readPortsCsv(join(AIS_DATA, "reference", "gfw_wpi_ports.csv"));
    expect(ports.length).toBe(3669);
    const tracks = loadRealTracks("positions/trajectools_demodata_ais.csv", {
      mmsi: "mmsi",
      time: "basedatetime",
      lat: "lat",
      lon: "lon",
      sog: "sog",
    });
    const index = new PortIndex(ports);
    const calls = [...tracks.values()].flatMap((t) => detectPortCalls(t, index));
    expect(calls.map((c) => c.details.port)).toContain("BOSTON");
    for (const call of calls) {
      const track = tracks.get(call.vessels[0] as number);
      const i = Array.from(track?.time ?? []).indexOf(call.start);
      const port = ports.find((p) => p.id === call.details.portId);
      expect(port).toBeDefined();
      expect(
        distanceKm(track?.lat[i] ?? 0, track?.lon[i] ?? 0, port?.lat ?? 0, port?.lon ?? 0),
      ).toBeLessThanOrEqual(5);
    }
  });

  it("has the built-in ports at the coordinates of the WPI reference file", () => {
    const reference = readPortsCsv(
      join(AIS_DATA, "reference", "ports_of_interest_dprk_region_wpi.csv"),
    );
    expect(reference).toHaveLength(PORTS_OF_INTEREST.length);
    for (const port of PORTS_OF_INTEREST) {
      const same = reference.find((r) => r.name === port.name);
      expect(same, port.name).toBeDefined();
      expect(same?.country).toBe(port.country);
      expect(Math.abs((same?.lat ?? 0) - port.lat)).toBeLessThan(1e-5);
      expect(Math.abs((same?.lon ?? 0) - port.lon)).toBeLessThan(1e-5);
    }
  });
});
