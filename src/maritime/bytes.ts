/**
 * Text and calendar times from bytes, for the readers that parse a file's bytes without a
 * string a line: the NMEA sentence scanner and the CSV reader.
 */

/** The Latin-1 text of bytes [from, to) (one character a byte). */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString("latin1");
}

/**
 * Epoch seconds of the start of an hour (UTC; month 1–12, not checked). Logs and files come
 * in time order, so the last hour is kept and Date.UTC runs once an hour of data, not once a
 * line.
 */
export function hourStart(year: number, month: number, day: number, hour: number): number {
  const key = ((year * 16 + month) * 32 + day) * 32 + hour;
  if (key !== lastHourKey) {
    lastHourKey = key;
    lastHourSeconds = Date.UTC(year, month - 1, day, hour) / 1000;
  }
  return lastHourSeconds;
}

let lastHourKey = -1;
let lastHourSeconds = 0;
