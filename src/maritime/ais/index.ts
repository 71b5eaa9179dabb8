/** The NMEA 0183 AIS decoder: sentences, tag blocks, reassembly, message types. */
export * from "./decode-nmea.js";
export * from "./decode-payload.js";
export type * from "./messages.js";
export * from "./nmea-decoder.js";
export type { TagBlock } from "./sentence.js";
