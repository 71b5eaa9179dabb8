/** The evasion detectors: one function a detector, each over a partition (a vessel, or tracks of a cell and window). */
export { type DetectOptions, detectEvents } from "./detect-events.js";
export {
  detectEncounters,
  ENCOUNTER_DEFAULTS,
  type EncounterParams,
  type EncounterPartition,
} from "./encounter.js";
export { type DetailValue, EVENT_KINDS, type EventKind, type MaritimeEvent } from "./event.js";
export { detectGaps, GAP_DEFAULTS, type GapParams } from "./gap.js";
export {
  detectFlagChanges,
  detectIdentityIssues,
  type FlagOf,
  IDENTITY_DEFAULTS,
  type IdentityParams,
  mmsiProblem,
} from "./identity.js";
export { detectLoitering, LOITERING_DEFAULTS, type LoiteringParams } from "./loitering.js";
export { detectPortCalls, PORT_CALL_DEFAULTS, type PortCallParams } from "./port-call.js";
export {
  SEGMENT_DEFAULTS,
  type Segment,
  type SegmentParams,
  segmentTrack,
  splitBySegments,
  splitTrack,
} from "./segment.js";
