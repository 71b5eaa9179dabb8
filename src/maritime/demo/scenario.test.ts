import { describe, expect, it } from "vitest";
import { detectEvents } from "../detectors/detect-events.js";
import { PORTS_OF_INTEREST, PortIndex } from "../ports.js";
import { demoTracks } from "./demo-tracks.js";
import { generateScenario, imoWithCheckDigit } from "./scenario.js";

describe("generateScenario", () => {
  const scenario = generateScenario({ vessels: 150, seed: 7 });

  it("is the same for the same seed and differs for another", () => {
    const again = generateScenario({ vessels: 150, seed: 7 });
    expect(again.vessels.map((v) => v.mmsi)).toEqual(scenario.vessels.map((v) => v.mmsi));
    const other = generateScenario({ vessels: 150, seed: 8 });
    expect(other.vessels.map((v) => v.mmsi)).not.toEqual(scenario.vessels.map((v) => v.mmsi));
  });

  it("writes IMO numbers with valid check digits", () => {
    expect(imoWithCheckDigit(871236)).toBe("8712362");
    expect(imoWithCheckDigit(930504)).toBe("9305049");
  });

  it("keeps the traffic off the ports' radius except the calls it plants", () => {
    const ports = new PortIndex(PORTS_OF_INTEREST);
    const { tracks } = demoTracks(scenario);
    const callers = new Set(
      scenario.vessels
        .filter((v) => ["sts-dprk", "nampo-direct", "rajin-vostochny"].includes(v.role))
        .map((v) => v.mmsi),
    );
    for (const track of tracks) {
      if (callers.has(track.mmsi)) continue;
      for (let i = 0; i < track.time.length; i += 50)
        expect(ports.portAt(track.lat[i] as number, track.lon[i] as number, 5)).toBeUndefined();
    }
  });

  it("hides events the detectors find: every planted STS, gap, port call and identity case", async () => {
    const { tracks, identities } = demoTracks(scenario);
    const events = await detectEvents(tracks, identities);
    expect(scenario.planted.length).toBeGreaterThanOrEqual(6);
    for (const planted of scenario.planted) {
      const found = events.find(
        (e) =>
          e.kind === planted.kind &&
          planted.vessels.every((v) => e.vessels.includes(v)) &&
          e.start <= planted.end + 1800 &&
          e.end >= planted.start - 1800 &&
          (planted.port === undefined || e.details.port === planted.port),
      );
      expect(found, planted.note).toBeDefined();
    }
    // The designated DPRK tankers alongside foreign ones are the only encounters.
    const encounters = events.filter((e) => e.kind === "encounter");
    expect(encounters.length).toBe(scenario.planted.filter((p) => p.kind === "encounter").length);
  });
});
