import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { demoTracks } from "./demo/demo-tracks.js";
import { generateScenario, vesselTableOf } from "./demo/index.js";
import { detectEvents } from "./detectors/detect-events.js";
import type { MaritimeEvent } from "./detectors/event.js";
import { nameVessels } from "./events.js";
import { estimateDeliveries, readVesselTable } from "./petroleum.js";

const T = Date.UTC(2024, 4, 1) / 1000;
const DAY = 86400;

function call(mmsi: number, start: number, port = "NAMPO", portId = "kp-nampo"): MaritimeEvent {
  return {
    kind: "port-call",
    vessels: [mmsi],
    start,
    end: start + DAY,
    lat: 38.7,
    lon: 125.4,
    details: { port, portId, country: "KP", hours: 24, departed: true, positions: 100 },
  };
}

const EVENTS = nameVessels(
  [
    {
      kind: "encounter",
      vessels: [445000002, 667000009],
      start: T - 3 * DAY,
      end: T - 3 * DAY + 6 * 3600,
      lat: 38.3,
      lon: 123.9,
      details: {},
    },
    call(445000001, T),
    call(445000002, T + 2 * DAY),
    call(412000003, T + 3 * DAY), // a cargo ship: no delivery
    call(445000001, Date.UTC(2023, 11, 31) / 1000), // another year
    call(445000001, T + 9 * DAY, "DALIAN", "cn-dalian"), // not a DPRK port
  ],
  [],
  () => null,
);
const DWT: Record<number, number> = { 445000001: 4000, 445000002: 2000 };
const TYPES: Record<number, number> = {
  445000001: 80,
  445000002: 80,
  667000009: 80,
  412000003: 70,
};

describe("estimateDeliveries", () => {
  const estimate = estimateDeliveries(
    EVENTS,
    (mmsi) =>
      DWT[mmsi] === undefined ? null : { tonnes: DWT[mmsi] as number, source: "test table" },
    (mmsi) => TYPES[mmsi] ?? null,
    { year: 2024, reported: { China: 10_000, Russia: 5_000 } },
  );

  it("counts tanker calls at DPRK ports in the year, STS before a call as its method", () => {
    expect(estimate.deliveries.map((d) => [d.mmsi, d.method, d.port])).toEqual([
      [445000001, "port-call", "NAMPO"],
      [445000002, "sts-then-port-call", "NAMPO"],
    ]);
    expect(estimate.deliveries[1]?.sts?.partner).toBe(667000009);
  });

  it("values each delivery at deadweight × 7.5 barrels × the laden fractions", () => {
    expect(estimate.deliveries[0]).toMatchObject({
      deadweightTonnes: 4000,
      capacityBarrels: 30_000,
      barrels: [10_000, 15_000, 27_000],
      deadweightSource: "test table",
    });
    expect(estimate.scenarios.map((s) => s.barrels)).toEqual([15_000, 22_500, 40_500]);
    expect(estimate.scenarios[2]?.shareOfCap).toBeCloseTo(40_500 / 500_000, 6);
    expect(estimate.reportedTotal).toBe(15_000);
  });

  it("keeps a delivery with no known deadweight, counted apart", () => {
    const unknown = estimateDeliveries(
      EVENTS,
      () => null,
      (m) => TYPES[m] ?? null,
      { year: 2024 },
    );
    expect(unknown.deliveries).toHaveLength(2);
    expect(unknown.withoutDeadweight).toBe(2);
    expect(unknown.scenarios.every((s) => s.barrels === 0)).toBe(true);
  });

  it("counts a non-tanker's call only after an STS with a tanker", () => {
    const noTypes = estimateDeliveries(
      EVENTS,
      () => null,
      (m) => (m === 667000009 ? 80 : null),
      { year: 2024 },
    );
    expect(noTypes.deliveries.map((d) => d.mmsi)).toEqual([445000002]);
  });
});

describe("readVesselTable", () => {
  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

  it("names the line and field of a bad deadweight", () => {
    expect(() => readVesselTable(fixture("vessels_bad_dwt.csv"))).toThrow(
      /vessels_bad_dwt.csv:3: deadweight_tonnes is not a number/,
    );
  });

  it("names a missing deadweight column", () => {
    expect(() => readVesselTable(fixture("vessels_no_dwt.csv"))).toThrow(/no deadweight column/);
  });
});

describe("the estimate on the demo scenario", () => {
  it("finds each planted DPRK-tanker call at Nampo, valued from the demo's vessel table", async () => {
    const scenario = generateScenario({ vessels: 120, seed: 11 });
    const { tracks, identities } = demoTracks(scenario);
    const events = nameVessels(
      await detectEvents(tracks, identities, { kinds: ["port-call", "encounter"] }),
      identities,
      () => null,
    );
    const table = vesselTableOf(scenario.vessels);
    const byMmsi = new Map(table.map((v) => [v.mmsi, v]));
    const estimate = estimateDeliveries(
      events,
      (mmsi) => {
        const dwt = byMmsi.get(mmsi)?.deadweight;
        return dwt === undefined || dwt === null ? null : { tonnes: dwt, source: "demo" };
      },
      (mmsi) => byMmsi.get(mmsi)?.shipType ?? null,
      { year: 2024 },
    );
    const planted = scenario.planted.filter((p) => p.kind === "port-call" && p.port === "NAMPO");
    expect(estimate.deliveries.map((d) => d.mmsi).sort()).toEqual(
      planted.map((p) => p.vessels[0]).sort(),
    );
    expect(estimate.deliveries.filter((d) => d.method === "sts-then-port-call").length).toBe(
      scenario.planted.filter((p) => p.kind === "encounter").length,
    );
    expect(estimate.withoutDeadweight).toBe(0);
  });
});
