/**
 * Maritime: AIS decoding and import, vessel tracks and identities, evasion detectors and
 * refined-petroleum accounting. Positions and identity reports live in the columnar store
 * (DuckDB, see positions.ts); detectors run over VesselTrack partitions (track.ts).
 * This file is the module's public surface: an export list only.
 */
export * from "./ais/index.js";
// Detection, events, linking, petroleum and exports (M2):
export * from "./demo/index.js";
export * from "./detectors/index.js";
export * from "./events.js";
export * from "./geojson.js";
export * from "./identity.js";
export * from "./import/index.js";
export * from "./linking.js";
export * from "./mid.js";
export * from "./petroleum.js";
export { isDprkPort, PORTS_OF_INTEREST, type Port, PortIndex, readPortsCsv } from "./ports.js";
export { type CompactSummary, compactPositions } from "./position-segments.js";
export * from "./positions.js";
export { type ResampledTrack, resampleTrack } from "./resample.js";
export { type DetectionRun, runDetection } from "./run-detection.js";
export * from "./schema.js";
export type * from "./track.js";
