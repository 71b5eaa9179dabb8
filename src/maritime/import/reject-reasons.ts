/**
 * Why an input line or row did not become a position or an identity report. Every import
 * counts each reason; nothing refused reaches a track.
 */
export const REJECT_REASONS = {
  malformed_sentence: "not a well-formed NMEA sentence",
  bad_checksum: "NMEA or tag-block checksum does not match",
  orphan_fragment: "part of a multi-sentence message whose other parts are missing",
  bad_payload: "payload has characters outside the AIS six-bit alphabet",
  short_payload: "payload too short for its message type (truncated)",
  no_timestamp: "no receive time (no tag block c:, $PGHP or trailing time)",
  bad_timestamp: "time missing, unreadable or outside 1980 to tomorrow",
  bad_mmsi: "MMSI missing, not a number or outside 1..999999999",
  bad_value: "latitude or longitude missing or not a number",
  position_unavailable: "position 91/181: 'not available' in AIS",
  impossible_coordinates: "latitude beyond ±90 or longitude beyond ±180",
  out_of_order: "earlier than the vessel's previous position in the file by over the tolerance",
  duplicate: "same vessel and time as a position already read or stored",
  not_a_vessel: "base station or aid to navigation (DMA 'Type of mobile')",
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

/** 1980-01-01: AIS did not exist before; earlier times are clock faults (`bad_timestamp`). */
export const EARLIEST_TIME = 315532800;

/** Tomorrow, in epoch seconds: a later time is a clock fault (`bad_timestamp`). */
export function latestTime(): number {
  return Math.floor(Date.now() / 1000) + 86400;
}

/** Per-reason counts with the first line each reason was seen on. */
export type RejectCounts = Partial<Record<RejectReason, { count: number; firstLine: number }>>;

/** Adds one rejection to `counts`. */
export function countReject(counts: RejectCounts, reason: RejectReason, line: number): void {
  const entry = counts[reason];
  if (entry === undefined) counts[reason] = { count: 1, firstLine: line };
  else {
    entry.count++;
    if (line < entry.firstLine) entry.firstLine = line;
  }
}

/** Adds `count` rejections first seen on `firstLine`. */
export function addRejects(
  counts: RejectCounts,
  reason: RejectReason,
  count: number,
  firstLine: number,
): void {
  const entry = counts[reason];
  if (entry === undefined) counts[reason] = { count, firstLine };
  else {
    entry.count += count;
    entry.firstLine = Math.min(entry.firstLine, firstLine);
  }
}
