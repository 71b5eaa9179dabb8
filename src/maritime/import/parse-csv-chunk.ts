import { latin1 } from "../bytes.js";
import {
  compileTimeFormat,
  defaultTimeAt,
  type FormatStep,
  formattedTimeAt,
  hasByte,
  numberAt,
  trimEnd,
  trimStart,
} from "./csv-text.js";
import { type PositionBatch, PositionBatchBuilder, reasonCode } from "./position-batch.js";

/** Where a CSV's fields are: column indexes, -1 for a column the file does not have. */
export interface CsvLayout {
  readonly delimiter: number;
  readonly mmsi: number;
  readonly time: number;
  readonly lat: number;
  readonly lon: number;
  readonly sog: number;
  readonly cog: number;
  readonly heading: number;
  /** The identity columns, in STATIC_FIELDS order. */
  readonly statics: readonly number[];
  /** DMA's `Type of mobile`: base stations and aids to navigation are no vessels. */
  readonly notVessel: number;
  /** A strptime format of the time column; null for ISO 8601 or epoch times. */
  readonly timeFormat: string | null;
  /** Times outside [earliest, latest] (epoch seconds) are refused as clock faults. */
  readonly earliest: number;
  readonly latest: number;
}

/** The identity columns of a row, in the order CsvLayout.statics gives them. */
export const STATIC_FIELDS = [
  "imo",
  "name",
  "callsign",
  "shipType",
  "length",
  "width",
  "draught",
] as const;

/**
 * One distinct set of identity texts a vessel reported in a chunk (trimmed, uncleaned; null
 * for a column the file lacks), with the first and last time it was reported.
 */
export interface RawIdentity {
  readonly mmsi: number;
  first: number;
  last: number;
  readonly fields: readonly (string | null)[];
}

/** A chunk of CSV rows read: its positions, its identities, and how many lines it had. */
export interface ParsedCsvChunk {
  /** Lines are numbered from 1 within the chunk; the caller adds the lines before it. */
  readonly batch: PositionBatch;
  readonly identities: readonly RawIdentity[];
  readonly lines: number;
  /** Rows with fewer fields than the columns read need: line numbers within the chunk. */
  readonly shortRows: readonly number[];
}

const NOT_A_VESSEL = reasonCode("not_a_vessel");
const BAD_MMSI = reasonCode("bad_mmsi");
const BAD_TIMESTAMP = reasonCode("bad_timestamp");
const BAD_VALUE = reasonCode("bad_value");
const POSITION_UNAVAILABLE = reasonCode("position_unavailable");
const IMPOSSIBLE_COORDINATES = reasonCode("impossible_coordinates");

/**
 * A row's fields as byte ranges, in the chunk itself or, for a row with quotes, in a scratch
 * buffer holding the unquoted text.
 */
class FieldCursor {
  bytes: Uint8Array = Buffer.alloc(0);
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  count = 0;
  private scratch = Buffer.alloc(4096);

  /** Where the row ends in `bytes`. */
  end = 0;

  constructor(most: number) {
    this.starts = new Int32Array(most);
    this.ends = new Int32Array(most);
  }

  /** Splits [start, end) of `bytes` into its first `needed` fields (of at most `most`). */
  split(
    bytes: Uint8Array,
    start: number,
    end: number,
    delimiter: number,
    quoted: boolean,
    needed: number,
  ): void {
    if (quoted) {
      this.splitQuoted(bytes, start, end, delimiter);
      return;
    }
    this.bytes = bytes;
    this.end = end;
    let field = 0;
    let from = start;
    for (let at = start; at < end; at++) {
      if (bytes[at] !== delimiter) continue;
      this.starts[field] = from;
      this.ends[field] = at;
      from = at + 1;
      if (++field === needed) {
        this.count = field;
        return;
      }
    }
    this.starts[field] = from;
    this.ends[field] = end;
    this.count = field + 1;
  }

  /**
   * RFC 4180 quoting: a field in double quotes may hold delimiters, `""` is one quote. The
   * whole row is unquoted, every field split (quoted rows are rare).
   */
  private splitQuoted(bytes: Uint8Array, start: number, end: number, delimiter: number): void {
    if (this.scratch.length < end - start) this.scratch = Buffer.alloc((end - start) * 2);
    const out = this.scratch;
    this.bytes = out;
    let length = 0;
    let field = 0;
    let from = 0;
    let inQuotes = false;
    for (let at = start; at < end; at++) {
      const byte = bytes[at] as number;
      if (inQuotes) {
        if (byte !== 34) out[length++] = byte;
        else if (bytes[at + 1] === 34 && at + 1 < end) out[length++] = bytes[++at] as number;
        else inQuotes = false;
      } else if (byte === 34) inQuotes = true;
      else if (byte === delimiter) {
        if (field < this.starts.length) {
          this.starts[field] = from;
          this.ends[field] = length;
        }
        from = length;
        field++;
      } else out[length++] = byte;
    }
    if (field < this.starts.length) {
      this.starts[field] = from;
      this.ends[field] = length;
    }
    this.count = Math.min(field + 1, this.starts.length);
    this.end = length;
  }

  number(index: number): number {
    if (index < 0 || index >= this.count) return Number.NaN;
    return numberAt(this.bytes, this.starts[index] as number, this.ends[index] as number);
  }
}

/** Identities being gathered: the run each vessel is in, by its field texts. */
class IdentityRuns {
  readonly runs = new Map<string, RawIdentity>();
  private readonly current = new Map<number, { run: RawIdentity; span: Uint8Array }>();
  /** The first identity column: a row is compared from its start on. */
  readonly first: number;

  constructor(private readonly statics: readonly number[]) {
    this.first = Math.min(...statics.filter((index) => index >= 0));
  }

  /**
   * Whether this valid report of `mmsi` at `time` continues the vessel's current identity:
   * its bytes from the first identity column to the row's end equal those of the vessel's
   * previous row, settled by one comparison. Then the report is counted in that identity.
   */
  continues(mmsi: number, time: number, cursor: FieldCursor): boolean {
    const previous = this.current.get(mmsi);
    if (previous === undefined || !this.sameSpan(previous.span, cursor)) return false;
    const run = previous.run;
    if (time < run.first) run.first = time;
    if (time > run.last) run.last = time;
    return true;
  }

  /** Counts a report that does not continue its vessel's identity: its fields are cut out. */
  begin(mmsi: number, time: number, cursor: FieldCursor): void {
    const fields = this.statics.map((index) => textOf(cursor, index));
    const key = `${mmsi}\u0001${fields.join("\u0001")}`;
    let run = this.runs.get(key);
    if (run === undefined) {
      run = { mmsi, first: time, last: time, fields };
      this.runs.set(key, run);
    } else {
      if (time < run.first) run.first = time;
      if (time > run.last) run.last = time;
    }
    const from = cursor.starts[this.first] as number;
    this.current.set(mmsi, { run, span: cursor.bytes.slice(from, cursor.end) });
  }

  private sameSpan(previous: Uint8Array, cursor: FieldCursor): boolean {
    const from = cursor.starts[this.first] as number;
    const length = cursor.end - from;
    if (length !== previous.length) return false;
    const bytes = cursor.bytes;
    for (let i = 0; i < length; i++) if (previous[i] !== bytes[from + i]) return false;
    return true;
  }
}

/** A field's trimmed text (UTF-8); null for a column the file lacks. */
function textOf(cursor: FieldCursor, index: number): string | null {
  if (index < 0) return null;
  if (index >= cursor.count) return "";
  const start = trimStart(
    cursor.bytes,
    cursor.starts[index] as number,
    cursor.ends[index] as number,
  );
  const end = trimEnd(cursor.bytes, start, cursor.ends[index] as number);
  return Buffer.from(cursor.bytes.buffer, cursor.bytes.byteOffset + start, end - start).toString(
    "utf8",
  );
}

/** Whether a DMA `Type of mobile` field says base station or aid to navigation. */
function isNotVessel(cursor: FieldCursor, index: number): boolean {
  if (index < 0 || index >= cursor.count) return false;
  const start = trimStart(
    cursor.bytes,
    cursor.starts[index] as number,
    cursor.ends[index] as number,
  );
  const end = trimEnd(cursor.bytes, start, cursor.ends[index] as number);
  const text = end - start === 12 || end - start === 4 ? latin1(cursor.bytes, start, end) : "";
  return text === "Base Station" || text === "AtoN";
}

/** The time field's epoch seconds, by the layout's format or the default ISO/epoch rules. */
function timeOf(cursor: FieldCursor, index: number, format: readonly FormatStep[] | null): number {
  const start = cursor.starts[index] as number;
  const end = cursor.ends[index] as number;
  if (format === null) return defaultTimeAt(cursor.bytes, start, end);
  return formattedTimeAt(cursor.bytes, start, end, format);
}

/** Rows a chunk likely holds, from the length of its first line: a batch grows if not. */
function expectedRows(bytes: Uint8Array): number {
  const firstLine = bytes.indexOf(10) + 1 || bytes.length;
  return Math.ceil((bytes.length / Math.max(1, firstLine)) * 1.1) + 16;
}

/**
 * Reads whole CSV lines (no header) into positions, each with the reason it is refused if it
 * is, and the identities each vessel reported. The checks are the same as every format's:
 * MMSI in 1..999999999, time from `earliest` to `latest`, a latitude and a longitude, 91/181
 * "not available", nothing beyond ±90/±180; speeds, courses and headings out of range are
 * "not available", not a refusal.
 */
export function parseCsvChunk(chunk: Uint8Array, layout: CsvLayout): ParsedCsvChunk {
  // As a Buffer: its indexOf is memchr, a typed array's a loop (a third of the time here).
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const batch = new PositionBatchBuilder(expectedRows(bytes));
  const hasStatics = layout.statics.some((index) => index >= 0);
  const identities = new IdentityRuns(layout.statics);
  const positionColumns = [layout.mmsi, layout.time, layout.lat, layout.lon, layout.sog];
  positionColumns.push(layout.cog, layout.heading, layout.notVessel);
  // A row is split up to its last position column (and the first identity column, where its
  // comparison starts); a row whose identity changed is split whole.
  const rowFields = 1 + Math.max(...positionColumns, hasStatics ? identities.first : -1);
  const allFields = 1 + Math.max(...positionColumns, ...layout.statics);
  const cursor = new FieldCursor(allFields);
  const format = layout.timeFormat === null ? null : compileTimeFormat(layout.timeFormat);
  if (typeof format === "string") throw new Error(`unsupported time format directive ${format}`);
  const mayQuote = bytes.indexOf(34) !== -1;
  const delimiter = layout.delimiter;
  const shortRows: number[] = [];
  let line = 0;
  let next = 0;
  while (next < bytes.length) {
    const start = next;
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    next = end + 1;
    line++;
    if (end > start && bytes[end - 1] === 13) end--;
    if (end === start) continue;
    const quoted = mayQuote && hasByte(bytes, start, end, 34);
    cursor.split(bytes, start, end, delimiter, quoted, rowFields);
    if (cursor.count < rowFields) {
      shortRows.push(line);
      continue;
    }
    const mmsi = Math.round(cursor.number(layout.mmsi));
    const time = timeOf(cursor, layout.time, format);
    const validMmsi = mmsi >= 1 && mmsi <= 999999999;
    const validTime = time >= layout.earliest && time <= layout.latest;
    const notVessel = isNotVessel(cursor, layout.notVessel);
    if (
      hasStatics &&
      !notVessel &&
      validMmsi &&
      validTime &&
      !identities.continues(mmsi, time, cursor)
    ) {
      if (cursor.count < allFields) cursor.split(bytes, start, end, delimiter, quoted, allFields);
      if (cursor.count < allFields) {
        shortRows.push(line);
        continue;
      }
      identities.begin(mmsi, time, cursor);
    }
    const lat = cursor.number(layout.lat);
    const lon = cursor.number(layout.lon);
    const sog = cursor.number(layout.sog);
    const cog = cursor.number(layout.cog);
    const heading = cursor.number(layout.heading);
    const reason = notVessel
      ? NOT_A_VESSEL
      : !validMmsi
        ? BAD_MMSI
        : !validTime
          ? BAD_TIMESTAMP
          : Number.isNaN(lat) || Number.isNaN(lon)
            ? BAD_VALUE
            : lat === 91 || lon === 181
              ? POSITION_UNAVAILABLE
              : Math.abs(lat) > 90 || Math.abs(lon) > 180
                ? IMPOSSIBLE_COORDINATES
                : 0;
    batch.push(
      line,
      validMmsi ? mmsi : 0,
      time,
      lat,
      lon,
      sog >= 0 && sog < 102.3 ? sog : Number.NaN,
      cog >= 0 && cog < 360 ? cog : Number.NaN,
      heading >= 0 && heading < 360 ? heading : Number.NaN,
      reason,
    );
  }
  return {
    batch: batch.take(),
    identities: [...identities.runs.values()],
    lines: line,
    shortRows,
  };
}
