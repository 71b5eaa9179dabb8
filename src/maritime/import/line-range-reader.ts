import { readSync } from "node:fs";

/**
 * A part of an uncompressed file, `start` to `end` (bytes), that LineRangeReader reads as whole
 * lines: parts side by side hold each line of the file once, so each may be read on a thread
 * of its own.
 */
export interface LineRange {
  /** An open descriptor of the file (descriptors are the process's: any thread may read it). */
  readonly fd: number;
  readonly start: number;
  readonly end: number;
  /** The file's size: the last part ends there. */
  readonly size: number;
  /** A line begins at `start` (the first part); else the part begins after the next "\n". */
  readonly atLineStart: boolean;
}

/** Bytes read past a range's end at a time, looking for the end of its last line. */
const LINE_END_READ = 64 << 10;

/** Reads LineRanges into one buffer, grown as needed and reused by the next range. */
export class LineRangeReader {
  private buffer = Buffer.alloc(0);

  /**
   * The bytes of `range`'s lines: from after the first "\n" at or after its start (from its
   * start for a range `atLineStart`) to the first "\n" at or after its end, included (or the
   * file's end). Empty when no line begins in the range. A view of this reader's buffer, valid
   * until the next read.
   */
  read(range: LineRange): Buffer {
    const { fd, start, size } = range;
    const end = Math.min(range.end, size);
    if (end <= start) return this.buffer.subarray(0, 0);
    let length = this.readAt(fd, start, 0, end - start);
    let from = 0;
    if (!range.atLineStart) {
      const newline = this.buffer.indexOf(10);
      if (newline === -1 || newline >= length) return this.buffer.subarray(0, 0);
      from = newline + 1;
    }
    if (length === end - start && end < size) {
      for (;;) {
        const got = this.readAt(fd, start + length, length, LINE_END_READ);
        const newline = got === 0 ? -1 : this.buffer.indexOf(10, length);
        if (newline !== -1 && newline < length + got) {
          length = newline + 1;
          break;
        }
        length += got;
        if (got === 0) break;
      }
    }
    return this.buffer.subarray(from, length);
  }

  /** Reads up to `count` bytes at `position` of the file into the buffer at `at`: how many. */
  private readAt(fd: number, position: number, at: number, count: number): number {
    if (this.buffer.length < at + count) {
      const size = at + count + LINE_END_READ;
      const grown = Buffer.allocUnsafeSlow(Math.max(size, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, at);
      this.buffer = grown;
    }
    let done = 0;
    while (done < count) {
      const got = readSync(fd, this.buffer, at + done, count - done, position + done);
      if (got === 0) break;
      done += got;
    }
    return done;
  }
}
