import { numberAt, trimEnd, trimStart } from "./csv-text.js";

/**
 * A row's fields as byte ranges, in the chunk itself or, for a row with quotes, in a scratch
 * buffer holding the unquoted text.
 */
export class FieldCursor {
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
    this.splitFrom(0, start, delimiter, needed);
  }

  /** Splits on from field `field`, which starts at `from`, up to field `needed` or the row's end. */
  splitFrom(field: number, from: number, delimiter: number, needed: number): void {
    const bytes = this.bytes;
    const end = this.end;
    if (field >= needed) {
      this.count = field;
      return;
    }
    for (let at = from; at < end; at++) {
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

/** A field's trimmed text (UTF-8); null for a column the file lacks. */
export function textOf(cursor: FieldCursor, index: number): string | null {
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
