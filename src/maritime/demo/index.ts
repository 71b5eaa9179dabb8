/** The demo scenario: a generator of AIS traffic with planted evasion, and its writers. */
export { demoTracks } from "./demo-tracks.js";
export {
  type DemoVessel,
  generateScenario,
  type PlantedEvent,
  type Scenario,
  type ScenarioOptions,
} from "./scenario.js";
export { type DemoFiles, NOAA_HEADER, vesselTable, writeDemo } from "./write-demo.js";

import type { VesselFacts } from "../petroleum.js";
import type { DemoVessel } from "./scenario.js";

/** The demo's vessel table as the petroleum estimate reads it. */
export function vesselTableOf(vessels: readonly DemoVessel[]): VesselFacts[] {
  return vessels
    .filter((v) => v.deadweight !== null)
    .map((v) => ({
      mmsi: v.mmsi,
      imo: v.imo,
      deadweight: v.deadweight,
      shipType: v.shipType,
      source: "demo",
    }));
}
