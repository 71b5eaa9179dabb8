import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nearestOf, worldCoastline } from "../coastline.js";
import { distanceKm, KM_PER_NM } from "../geo.js";
import { PORTS_OF_INTEREST, PortIndex, readPortsCsv } from "../ports.js";
import { AIS_DATA, loadRealTracks } from "../testing.js";
import { sail } from "./constructed.js";
import { detectLoitering } from "./loitering.js";

const PORTS = new PortIndex(PORTS_OF_INTEREST);
const OPEN_SEA = { lat: 38.4, lon: 124.2 };

describe("detectLoitering on constructed tracks", () => {
  it("finds a tanker drifting at 0.8 knots for five hours between two passages", () => {
    const track = sail(352000001, [
      { fromHour: 0, toHour: 2, lat: OPEN_SEA.lat - 0.5, lon: OPEN_SEA.lon, north: 12 },
      { fromHour: 2.05, toHour: 7, lat: OPEN_SEA.lat, lon: OPEN_SEA.lon, east: 0.8 },
      { fromHour: 7.05, toHour: 9, lat: OPEN_SEA.lat, lon: OPEN_SEA.lon + 0.1, north: 12 },
    ]);
    const events = detectLoitering(track, PORTS);
    expect(events).toHaveLength(1);
    expect(events[0]?.details.durationHours).toBeCloseTo(4.95, 1);
    expect(events[0]?.details.meanSpeedKnots).toBeCloseTo(0.8, 2);
    expect(events[0]?.lat).toBeCloseTo(OPEN_SEA.lat, 3);
  });

  it("does not fire for 3.9 hours, nor at 2.1 knots (near misses)", () => {
    const short = sail(352000002, [{ fromHour: 0, toHour: 3.9, ...OPEN_SEA, east: 0.5 }]);
    const fast = sail(352000003, [{ fromHour: 0, toHour: 8, ...OPEN_SEA, east: 2.1 }]);
    expect(detectLoitering(short, PORTS)).toEqual([]);
    expect(detectLoitering(fast, PORTS)).toEqual([]);
  });

  it("does not fire within 20 nautical miles of a port, and fires at 21", () => {
    const nampo = PORTS_OF_INTEREST.find((p) => p.name === "NAMPO");
    if (nampo === undefined) throw new Error("no Nampo");
    const at = (nm: number) => ({ lat: nampo.lat - (nm * KM_PER_NM) / 111.2, lon: nampo.lon });
    expect(
      detectLoitering(sail(352000004, [{ fromHour: 0, toHour: 6, ...at(19) }]), PORTS),
    ).toEqual([]);
    expect(
      detectLoitering(sail(352000004, [{ fromHour: 0, toHour: 6, ...at(21) }]), PORTS),
    ).toHaveLength(1);
  });

  it("does not fire off a coast that has no listed port, once the coastline is the shore", () => {
    // 17 km off Busan: no port of interest within 20 nm, but the shore is.
    const offBusan = sail(440000006, [{ fromHour: 0, toHour: 6, lat: 35.0, lon: 129.2 }]);
    expect(detectLoitering(offBusan, PORTS)).toHaveLength(1);
    const shore = nearestOf([worldCoastline(), PORTS]);
    expect(detectLoitering(offBusan, shore)).toEqual([]);
    const inKoreaBay = sail(440000007, [{ fromHour: 0, toHour: 6, ...OPEN_SEA }]);
    expect(detectLoitering(inKoreaBay, shore)).toHaveLength(1);
  });

  it("does not join two slow spells across a gap longer than maxGapHours", () => {
    const track = sail(352000005, [
      { fromHour: 0, toHour: 3, ...OPEN_SEA },
      { fromHour: 6, toHour: 9, ...OPEN_SEA },
    ]);
    expect(detectLoitering(track, PORTS)).toEqual([]);
    expect(detectLoitering(track, PORTS, { maxGapHours: 4 })).toHaveLength(1);
  });
});

describe("detectLoitering on real tracks", () => {
  const suez = loadRealTracks("positions/movingpandas_boat_positions_suez_2021-03.csv", {
    mmsi: "ID",
    time: "ais_pos_timestamp",
    lat: "latitude",
    lon: "longitude",
    parseTime: (text) => {
      const [date = "", hm = ""] = text.split(" ");
      const [dd, mm, yyyy] = date.split("/");
      return Date.parse(`${yyyy}-${mm}-${dd}T${hm}:00Z`) / 1000;
    },
  });
  const wpi = readPortsCsv(join(AIS_DATA, "reference", "gfw_wpi_ports.csv"));

  it("sees the ships waiting off Suez during the Ever Given blockage, from implied speeds", () => {
    // Only positions (no speed): the speed is implied from consecutive positions.
    expect(suez.size).toBe(256);
    const waiting = [...suez.values()].filter(
      (t) => detectLoitering(t, new PortIndex([])).length > 0,
    );
    expect(waiting.length).toBeGreaterThan(100);
  });

  it("drops the waits within 20 nm of a World Port Index port (Suez, Port Said)", () => {
    const index = new PortIndex(wpi);
    const far = [...suez.values()].flatMap((t) => detectLoitering(t, index));
    const all = [...suez.values()].flatMap((t) => detectLoitering(t, new PortIndex([])));
    expect(far.length).toBeLessThan(all.length / 10);
    for (const event of far) {
      const nearest = Math.min(...wpi.map((p) => distanceKm(event.lat, event.lon, p.lat, p.lon)));
      expect(nearest).toBeGreaterThanOrEqual(20 * KM_PER_NM);
    }
  });
});
