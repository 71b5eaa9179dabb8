/** AIS import: NMEA logs and DMA, NOAA and generic CSV into the columnar store. */
export { type ColumnMapping, type CsvFormatName, parseMapping } from "./csv-format.js";
export * from "./import-ais.js";
export { REJECT_REASONS, type RejectCounts, type RejectReason } from "./reject-reasons.js";
