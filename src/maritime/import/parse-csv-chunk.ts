import { latin1 } from "../bytes.js";
import {
  compileTimeFormat,
  defaultTimeAt,
  type FormatStep,
  formattedTimeAt,
  hasByte,
  numberAt,
  PlainIsoTimes,
  POWERS_OF_TEN,
  trimEnd,
  trimStart,
} from "./csv-text.js";
import { FieldCursor } from "./field-cursor.js";
import { extend, IdentityRuns, type RawIdentity, spanEnd } from "./identity-runs.js";
import { type PositionBatch, PositionBatchBuilder, reasonCode } from "./position-batch.js";

export type { RawIdentity } from "./identity-runs.js";

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

/** The reason a row at `position` (time, lat, lon, ...) is refused, 0 for none (see parseCsvChunk). */
function reasonOf(
  notVessel: boolean,
  validMmsi: boolean,
  validTime: boolean,
  position: Float64Array,
): number {
  const lat = position[1] as number;
  const lon = position[2] as number;
  if (notVessel) return NOT_A_VESSEL;
  if (!validMmsi) return BAD_MMSI;
  if (!validTime) return BAD_TIMESTAMP;
  if (Number.isNaN(lat) || Number.isNaN(lon)) return BAD_VALUE;
  if (lat === 91 || lon === 181) return POSITION_UNAVAILABLE;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return IMPOSSIBLE_COORDINATES;
  return 0;
}

/** How the fast path reads a row's leading fields: 0 skips the field, else one of these. */
const NUMBER = 1;
const PLAIN_TIME = 2;

/**
 * Reads whole CSV lines (no header) into positions, each with the reason it is refused if it
 * is, and the identities each vessel reported. The checks are the same as every format's:
 * MMSI in 1..999999999, time from `earliest` to `latest`, a latitude and a longitude, 91/181
 * "not available", nothing beyond ±90/±180; speeds, courses and headings out of range are
 * "not available", not a refusal.
 */
export function parseCsvChunk(chunk: Uint8Array, layout: CsvLayout): ParsedCsvChunk {
  return new ChunkRows(chunk, layout).read();
}

/**
 * One chunk being read. Most rows take the fast path (plainRow): no quotes, ended by "\n",
 * identity unchanged since the vessel's previous row; their leading fields are scanned once,
 * numbers read as the scan passes them, and the comparison of their identity bytes finds
 * where they end. Any other row is read by `row`, field ranges first, then their values; both
 * give the same results. (The fast path is one method calling few others on purpose: V8
 * inlines little into a function, and a number passed to a call it did not inline is boxed.)
 */
class ChunkRows {
  private readonly bytes: Buffer;
  private readonly words: DataView;
  private readonly layout: CsvLayout;
  private readonly delimiter: number;
  private readonly batch: PositionBatchBuilder;
  private readonly hasStatics: boolean;
  private readonly identities: IdentityRuns;
  /** Fields a row must have: up to its last position column and its first identity column. */
  private readonly rowFields: number;
  /** Fields a row whose identity changed is split into. */
  private readonly allFields: number;
  /** Fields the fast path scans whole: up to the last position or first identity column. */
  private readonly scanFields: number;
  private readonly kinds: Uint8Array;
  /** The numbers the fast path read, by field, and a last slot that stays NaN. */
  private readonly values: Float64Array;
  /** Where in `values` the fast path finds each number: the NaN slot for a missing column. */
  private readonly slots: {
    readonly mmsi: number;
    readonly lat: number;
    readonly lon: number;
    readonly sog: number;
    readonly cog: number;
    readonly heading: number;
  };
  private readonly cursor: FieldCursor;
  private readonly format: readonly FormatStep[] | null;
  private readonly shortRows: number[] = [];
  /** Where the next quote is at or after the row being read; Infinity for none. */
  private nextQuote: number;
  /** The row being added: time, lat, lon, sog, cog, heading. */
  private readonly position = new Float64Array(6);
  /** Its `time` is the one readPlainTime read in the row being read; NaN for none. */
  private readonly times = new PlainIsoTimes();

  constructor(chunk: Uint8Array, layout: CsvLayout) {
    // As a Buffer: its indexOf is memchr, a typed array's a loop (a third of the time here).
    this.bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.words = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.layout = layout;
    this.delimiter = layout.delimiter;
    this.batch = new PositionBatchBuilder(expectedRows(this.bytes));
    this.hasStatics = layout.statics.some((index) => index >= 0);
    this.identities = new IdentityRuns(layout.statics);
    const positionColumns = [layout.mmsi, layout.time, layout.lat, layout.lon, layout.sog];
    positionColumns.push(layout.cog, layout.heading, layout.notVessel);
    const positionFields = 1 + Math.max(...positionColumns);
    // A row is split up to its last position column (and the first identity column, where its
    // comparison starts); a row whose identity changed is split whole.
    const first = this.hasStatics ? this.identities.first : -1;
    this.rowFields = Math.max(positionFields, first + 1);
    this.allFields = 1 + Math.max(...positionColumns, ...layout.statics);
    this.scanFields = Math.max(positionFields, first);
    this.cursor = new FieldCursor(this.allFields);
    const format = layout.timeFormat === null ? null : compileTimeFormat(layout.timeFormat);
    if (typeof format === "string") throw new Error(`unsupported time format directive ${format}`);
    this.format = format;
    this.kinds = new Uint8Array(this.scanFields);
    // A plain time's bytes are digits, "-", ":", "T" or " ": none may be the delimiter.
    const delimiter = String.fromCharCode(layout.delimiter);
    if (format === null && layout.time >= 0 && !/[-:T 0-9]/.test(delimiter))
      this.kinds[layout.time] = PLAIN_TIME;
    const numbers = [layout.mmsi, layout.lat, layout.lon, layout.sog, layout.cog, layout.heading];
    for (const column of numbers) if (column >= 0) this.kinds[column] = NUMBER;
    this.values = new Float64Array(this.scanFields + 1);
    this.values[this.scanFields] = Number.NaN;
    const slot = (column: number) => (column >= 0 ? column : this.scanFields);
    this.slots = {
      mmsi: slot(layout.mmsi),
      lat: slot(layout.lat),
      lon: slot(layout.lon),
      sog: slot(layout.sog),
      cog: slot(layout.cog),
      heading: slot(layout.heading),
    };
    const quote = this.bytes.indexOf(34);
    this.nextQuote = quote === -1 ? Number.POSITIVE_INFINITY : quote;
  }

  read(): ParsedCsvChunk {
    const bytes = this.bytes;
    // Rows that start before it end in "\n": the fast path reads up to a row's "\n" unchecked.
    const plainEnd = bytes.lastIndexOf(10) + 1;
    let line = 0;
    let next = 0;
    while (next < plainEnd) next = this.plainRow(next, ++line, plainEnd);
    while (next < bytes.length) {
      const start = next;
      let end = bytes.indexOf(10, start);
      if (end === -1) end = bytes.length;
      next = end + 1;
      line++;
      if (end > start && bytes[end - 1] === 13) end--;
      if (end > start) this.row(start, end, line);
    }
    return {
      batch: this.batch.take(),
      identities: [...this.identities.runs.values()],
      lines: line,
      shortRows: this.shortRows,
    };
  }

  /**
   * Reads the row at `start`, which ends in a "\n" before `limit`, the fast way, or hands it to
   * `row`; returns where the next row starts. Nothing is counted before the row is known to
   * hold no quote.
   */
  private plainRow(start: number, line: number, limit: number): number {
    const bytes = this.bytes;
    const delimiter = this.delimiter;
    const first = bytes[start];
    if (first === 10) return start + 1;
    if (first === 13 && bytes[start + 1] === 10) return start + 2;
    const cursor = this.cursor;
    const starts = cursor.starts;
    const ends = cursor.ends;
    const kinds = this.kinds;
    const scanFields = this.scanFields;
    let at = start;
    let field = 0;
    let ended = false;
    for (;;) {
      const from = at;
      const kind = kinds[field];
      if (kind === NUMBER) at = this.plainNumber(at, field);
      else if (kind === PLAIN_TIME && this.readPlainTime(at)) at += 19;
      else {
        let byte = bytes[at];
        while (byte !== delimiter && byte !== 10) byte = bytes[++at];
      }
      starts[field] = from;
      if (bytes[at] === 10) {
        ends[field++] = at > from && bytes[at - 1] === 13 ? at - 1 : at;
        ended = true;
        break;
      }
      ends[field++] = at++;
      if (field === scanFields) break;
    }
    cursor.bytes = bytes;
    cursor.count = ended ? field : field + 1;
    if (ended && field < this.rowFields) return this.shortRow(start, at, line);
    const layout = this.layout;
    const values = this.values;
    const slots = this.slots;
    const mmsi = Math.round(values[slots.mmsi] as number);
    const time = Number.isNaN(this.times.time)
      ? timeOf(cursor, layout.time, this.format)
      : this.times.time;
    const validMmsi = mmsi >= 1 && mmsi <= 999999999;
    const validTime = time >= layout.earliest && time <= layout.latest;
    const notVessel = layout.notVessel >= 0 && isNotVessel(cursor, layout.notVessel);
    let newline = -1;
    if (this.hasStatics && !notVessel && validMmsi && validTime) {
      const identities = this.identities;
      const current = identities.currentOf(mmsi);
      if (current !== undefined) {
        const from = identities.first < field ? (starts[identities.first] as number) : at;
        newline = spanEnd(bytes, this.words, from, limit, current);
      }
      if (current !== undefined && newline !== -1) {
        if (this.nextQuote < newline && this.quoted(start, newline))
          return this.rowTo(start, newline, line);
        extend(current.run, time);
      } else {
        newline = bytes.indexOf(10, at);
        if (this.nextQuote < newline && this.quoted(start, newline))
          return this.rowTo(start, newline, line);
        if (!this.beginIdentity(start, at, field, ended, newline, mmsi, time))
          return this.shortRow(start, newline, line);
      }
    } else {
      newline = bytes.indexOf(10, at);
      if (this.nextQuote < newline && this.quoted(start, newline))
        return this.rowTo(start, newline, line);
    }
    const position = this.position;
    position[0] = time;
    position[1] = values[slots.lat] as number;
    position[2] = values[slots.lon] as number;
    position[3] = values[slots.sog] as number;
    position[4] = values[slots.cog] as number;
    position[5] = values[slots.heading] as number;
    this.pushRow(line, mmsi, validMmsi, validTime, notVessel);
    return newline + 1;
  }

  /**
   * Reads the plain decimal at `at` into `values[field]` (else numberFrom does); returns where
   * the field ends.
   */
  private plainNumber(at: number, field: number): number {
    const bytes = this.bytes;
    const from = at;
    let byte = bytes[at] as number;
    const negative = byte === 45;
    if (negative || byte === 43) byte = bytes[++at] as number;
    const digitsFrom = at;
    let value = 0;
    let point = -1;
    for (;;) {
      const digit = byte - 48;
      if (digit >= 0 && digit <= 9) value = value * 10 + digit;
      else if (byte === 46 && point < 0) point = at;
      else break;
      byte = bytes[++at] as number;
    }
    // As numberAt: up to 15 digits, an integer ÷ 10^decimals is Number()'s value.
    const digits = at - digitsFrom - (point < 0 ? 0 : 1);
    if ((byte !== this.delimiter && byte !== 10) || digits === 0 || digits > 15)
      return this.numberFrom(from, at, field);
    if (point >= 0 && at > point + 1) value /= POWERS_OF_TEN[at - point - 1] as number;
    this.values[field] = negative ? -value : value;
    return at;
  }

  /** Reads the field at `from`, which is no plain decimal, by numberAt; returns its end. */
  private numberFrom(from: number, at: number, field: number): number {
    const bytes = this.bytes;
    let byte = bytes[at];
    while (byte !== this.delimiter && byte !== 10) byte = bytes[++at];
    const end = byte === 10 && at > from && bytes[at - 1] === 13 ? at - 1 : at;
    this.values[field] = numberAt(bytes, from, end);
    return at;
  }

  /**
   * Reads a plain ISO time (PlainIsoTimes) that fills the field at `at`: whether there was one;
   * `times.time` is its time, or NaN for defaultTimeAt to read the field.
   */
  private readPlainTime(at: number): boolean {
    const after = this.bytes[at + 19];
    if (after === this.delimiter || after === 10)
      return this.times.read(this.bytes, this.words, at);
    this.times.time = Number.NaN;
    return false;
  }

  /** Whether the row from `start` to its "\n" at `newline` has a quote: `row` reads it. */
  private quoted(start: number, newline: number): boolean {
    if (this.nextQuote < start) {
      const quote = this.bytes.indexOf(34, start);
      this.nextQuote = quote === -1 ? Number.POSITIVE_INFINITY : quote;
    }
    return this.nextQuote < newline;
  }

  /** A row with too few fields, from `start` to its "\n" at `newline`, unless it has quotes. */
  private shortRow(start: number, newline: number, line: number): number {
    if (this.quoted(start, newline)) return this.rowTo(start, newline, line);
    this.shortRows.push(line);
    return newline + 1;
  }

  /**
   * Counts the identity of a fast-path row whose identity is new: the row is split on from
   * field `field` at `at` (unless it `ended` there) to its "\n" at `newline`. False for a row
   * with fewer fields than that needs.
   */
  private beginIdentity(
    start: number,
    at: number,
    field: number,
    ended: boolean,
    newline: number,
    mmsi: number,
    time: number,
  ): boolean {
    const cursor = this.cursor;
    const bytes = this.bytes;
    cursor.end = newline > start && bytes[newline - 1] === 13 ? newline - 1 : newline;
    if (!ended) cursor.splitFrom(field, at, this.delimiter, this.allFields);
    if (cursor.count < this.allFields) return false;
    this.identities.begin(mmsi, time, cursor);
    return true;
  }

  /** `row` for the row from `start` to its "\n" at `newline`; returns where the next starts. */
  private rowTo(start: number, newline: number, line: number): number {
    const end = newline > start && this.bytes[newline - 1] === 13 ? newline - 1 : newline;
    this.row(start, end, line);
    return newline + 1;
  }

  /** Reads the row in [start, end) (no line end; not empty), whatever it holds. */
  private row(start: number, end: number, line: number): void {
    const bytes = this.bytes;
    const layout = this.layout;
    const cursor = this.cursor;
    const identities = this.identities;
    const quoted = hasByte(bytes, start, end, 34);
    cursor.split(bytes, start, end, layout.delimiter, quoted, this.rowFields);
    if (cursor.count < this.rowFields) {
      this.shortRows.push(line);
      return;
    }
    const mmsi = Math.round(cursor.number(layout.mmsi));
    const time = timeOf(cursor, layout.time, this.format);
    const validMmsi = mmsi >= 1 && mmsi <= 999999999;
    const validTime = time >= layout.earliest && time <= layout.latest;
    const notVessel = isNotVessel(cursor, layout.notVessel);
    if (
      this.hasStatics &&
      !notVessel &&
      validMmsi &&
      validTime &&
      !identities.continues(mmsi, time, cursor)
    ) {
      const allFields = this.allFields;
      if (cursor.count < allFields)
        cursor.split(bytes, start, end, layout.delimiter, quoted, allFields);
      if (cursor.count < allFields) {
        this.shortRows.push(line);
        return;
      }
      identities.begin(mmsi, time, cursor);
    }
    const position = this.position;
    position[0] = time;
    position[1] = cursor.number(layout.lat);
    position[2] = cursor.number(layout.lon);
    position[3] = cursor.number(layout.sog);
    position[4] = cursor.number(layout.cog);
    position[5] = cursor.number(layout.heading);
    this.pushRow(line, mmsi, validMmsi, validTime, notVessel);
  }

  /**
   * Adds the row whose time, lat, lon, sog, cog and heading are in `position`, with the reason
   * it is refused if it is; speeds, courses and headings out of range are "not available".
   */
  private pushRow(
    line: number,
    mmsi: number,
    validMmsi: boolean,
    validTime: boolean,
    notVessel: boolean,
  ): void {
    const p = this.position;
    const sog = p[3] as number;
    const cog = p[4] as number;
    const heading = p[5] as number;
    this.batch.push(
      line,
      validMmsi ? mmsi : 0,
      p[0] as number,
      p[1] as number,
      p[2] as number,
      sog >= 0 && sog < 102.3 ? sog : Number.NaN,
      cog >= 0 && cog < 360 ? cog : Number.NaN,
      heading >= 0 && heading < 360 ? heading : Number.NaN,
      reasonOf(notVessel, validMmsi, validTime, p),
    );
  }
}
