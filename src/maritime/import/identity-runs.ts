import { type FieldCursor, textOf } from "./field-cursor.js";

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

/** The identity a vessel reported last in this chunk, and the bytes of the row that said it. */
export interface CurrentIdentity {
  run: RawIdentity;
  /** From the first identity column to the row's end. */
  span: Uint8Array;
  /** The span's bytes, read four at a time to compare. */
  words: DataView;
}

/** Identities being gathered: the run each vessel is in, by its field texts. */
export class IdentityRuns {
  readonly runs = new Map<string, RawIdentity>();
  private readonly current = new Map<number, CurrentIdentity>();
  // Rows come in runs of one vessel: the last one looked up is most often the next one.
  private lastMmsi = -1;
  private last: CurrentIdentity | undefined;
  /** The first identity column: a row is compared from its start on. */
  readonly first: number;

  constructor(private readonly statics: readonly number[]) {
    this.first = Math.min(...statics.filter((index) => index >= 0));
  }

  /** The identity `mmsi` reported last, if it reported one in this chunk. */
  currentOf(mmsi: number): CurrentIdentity | undefined {
    if (mmsi !== this.lastMmsi) {
      this.lastMmsi = mmsi;
      this.last = this.current.get(mmsi);
    }
    return this.last;
  }

  /**
   * Whether this valid report of `mmsi` at `time` continues the vessel's current identity:
   * its bytes from the first identity column to the row's end equal those of the vessel's
   * previous row, settled by one comparison. Then the report is counted in that identity.
   */
  continues(mmsi: number, time: number, cursor: FieldCursor): boolean {
    const previous = this.currentOf(mmsi);
    if (previous === undefined || !this.sameSpan(previous.span, cursor)) return false;
    extend(previous.run, time);
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
    } else extend(run, time);
    const from = cursor.starts[this.first] as number;
    const span = cursor.bytes.slice(from, cursor.end);
    const words = new DataView(span.buffer, span.byteOffset, span.byteLength);
    const current = this.currentOf(mmsi);
    if (current === undefined) {
      this.last = { run, span, words };
      this.current.set(mmsi, this.last);
    } else {
      current.run = run;
      current.span = span;
      current.words = words;
    }
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

export function extend(run: RawIdentity, time: number): void {
  if (time < run.first) run.first = time;
  if (time > run.last) run.last = time;
}

/**
 * Where the row whose identity columns start at `from` ends (its "\n"), when its bytes from
 * there on are `current`'s span followed by "\n" or "\r\n"; -1 when they are not. The row
 * must end in a "\n" before `limit`. The same test as IdentityRuns.sameSpan, four bytes at once.
 */
export function spanEnd(
  bytes: Uint8Array,
  words: DataView,
  from: number,
  limit: number,
  current: CurrentIdentity,
): number {
  const span = current.span;
  const length = span.length;
  const end = from + length;
  if (end >= limit) return -1;
  const previous = current.words;
  let i = 0;
  for (; i + 4 <= length; i += 4)
    if (previous.getInt32(i, true) !== words.getInt32(from + i, true)) return -1;
  for (; i < length; i++) if (span[i] !== bytes[from + i]) return -1;
  const next = bytes[end];
  if (next === 10) return end;
  if (next === 13 && bytes[end + 1] === 10) return end + 1;
  return -1;
}
