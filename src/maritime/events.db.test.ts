import { describe, expect, it } from "vitest";
import { listAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES } from "../store/testing.js";
import type { MaritimeEvent } from "./detectors/event.js";
import { eventLine, getEvent, listEvents, nameVessels, storeEvents } from "./events.js";
import type { VesselIdentity } from "./track.js";

const T = Date.UTC(2024, 2, 3) / 1000;

const EVENTS: MaritimeEvent[] = [
  {
    kind: "encounter",
    vessels: [445000001, 667000002],
    start: T,
    end: T + 4 * 3600,
    lat: 38.5,
    lon: 124.3,
    details: { durationHours: 4, medianDistanceKm: 0.15, medianSpeedKnots: 0.3, steps: 25 },
  },
  {
    kind: "port-call",
    vessels: [445000001],
    start: T + 30 * 3600,
    end: T + 60 * 3600,
    lat: 38.71667,
    lon: 125.4,
    details: {
      port: "NAMPO",
      portId: "kp-nampo",
      country: "KP",
      hours: 30,
      departed: true,
      positions: 500,
    },
  },
];

const IDENTITIES: VesselIdentity[] = [
  {
    mmsi: 445000001,
    from: T - 86400,
    to: T + 86400,
    imo: "8660313",
    name: "CHON MA SAN",
    callsign: null,
    flag: "KP",
    shipType: 80,
    length: 80,
    width: 13,
    draught: 5,
  },
  {
    mmsi: 445000001,
    from: T + 86400 + 1,
    to: T + 9 * 86400,
    imo: "8660313",
    name: "SONG HAE 7",
    callsign: null,
    flag: "KP",
    shipType: 80,
    length: 80,
    width: 13,
    draught: 5,
  },
];

describe("nameVessels", () => {
  it("names each vessel as it was at the event's start, the MID's flag when it sent none", () => {
    const [encounter, call] = nameVessels(EVENTS, IDENTITIES, (m) =>
      String(m).startsWith("667") ? "SL" : null,
    );
    expect(encounter?.named.map((v) => [v.mmsi, v.name, v.flag])).toEqual([
      [445000001, "CHON MA SAN", "KP"],
      [667000002, null, "SL"],
    ]);
    expect(call?.named[0]?.name).toBe("SONG HAE 7");
    const line = eventLine(call as never);
    expect(line).toMatchObject({
      kind: "port-call",
      vessels: ["445000001"],
      port: "NAMPO",
      start: "2024-03-04T06:00:00Z",
    });
  });
});

for (const engine of TEST_ENGINES) {
  describe(`maritime events on ${engine}`, () => {
    it("stores events with their vessels, finds them again, and does not duplicate on a re-run", async () => {
      const store = await openTestStore(engine);
      try {
        const named = nameVessels(EVENTS, IDENTITIES, () => null).map((e, i) =>
          i === 0
            ? {
                ...e,
                flagged: true,
                named: e.named.map((v, k) =>
                  k === 0
                    ? {
                        ...v,
                        entityId: "ofac-24427",
                        matchMethod: "imo" as const,
                        matchScore: 1,
                        designated: true,
                      }
                    : v,
                ),
              }
            : e,
        );
        const run = await storeEvents(store.ctx, named, {
          kinds: ["encounter", "port-call"],
          params: {},
        });
        expect(run).toMatch(/^mrun-/);
        await storeEvents(store.ctx, named, { kinds: ["encounter", "port-call"], params: {} });
        const all = await listEvents(store.ctx);
        expect(all.map((e) => e.kind)).toEqual(["encounter", "port-call"]);
        expect(all[0]?.named[0]).toMatchObject({
          mmsi: 445000001,
          name: "CHON MA SAN",
          entityId: "ofac-24427",
          designated: true,
        });
        expect(all[0]?.details.medianDistanceKm).toBe(0.15);
        expect(all[0]?.start).toBe(T);
        expect((await listEvents(store.ctx, { flagged: true })).map((e) => e.kind)).toEqual([
          "encounter",
        ]);
        expect((await listEvents(store.ctx, { mmsi: 667000002 })).length).toBe(1);
        expect((await listEvents(store.ctx, { entityId: "ofac-24427" })).length).toBe(1);
        expect((await listEvents(store.ctx, { from: T + 5 * 3600 })).map((e) => e.kind)).toEqual([
          "port-call",
        ]);
        expect((await getEvent(store.ctx, all[1]?.id ?? "")).details.port).toBe("NAMPO");
        await expect(getEvent(store.ctx, "mev-nope")).rejects.toThrow(/no maritime event/);
        const audit = await listAudit(store.db, 10);
        expect(audit.filter((a) => a.action === "maritime.detect")).toHaveLength(2);
      } finally {
        await store.close();
      }
    });
  });
}
