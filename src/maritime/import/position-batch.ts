import { copyPositions, type PositionColumns, positionColumns } from "../track.js";
import { REJECT_REASONS, type RejectReason } from "./reject-reasons.js";

/** Positions read from one file, as columns (one batch per parsed chunk, in file order). */
export interface PositionBatch extends PositionColumns {
  readonly rows: number;
  /** 1-based line in the file. */
  readonly line: Uint32Array;
  readonly mmsi: Uint32Array;
  /** 0 = good, else 1 + index in REJECT_REASON_CODES. */
  readonly reason: Uint8Array;
}

/** The reasons a PositionBatch's `reason` codes name: code c is REJECT_REASON_CODES[c - 1]. */
export const REJECT_REASON_CODES: readonly RejectReason[] = Object.freeze(
  Object.keys(REJECT_REASONS) as RejectReason[],
);

/** The code a PositionBatch stores for `reason`. */
export function reasonCode(reason: RejectReason): number {
  return REJECT_REASON_CODES.indexOf(reason) + 1;
}

type Columns = { -readonly [K in keyof PositionBatch]: PositionBatch[K] };

/** Builds a PositionBatch row by row, growing its columns as needed. */
export class PositionBatchBuilder {
  private columns: Columns;
  private rows = 0;

  constructor(expectedRows = 1024) {
    this.columns = allocate(Math.max(16, expectedRows));
  }

  get length(): number {
    return this.rows;
  }

  /** Adds a row; NaN speed, course or heading is "not available". */
  push(
    line: number,
    mmsi: number,
    time: number,
    lat: number,
    lon: number,
    sog: number,
    cog: number,
    heading: number,
    reason: number,
  ): void {
    if (this.rows === this.columns.line.length) this.columns = grown(this.columns, this.rows);
    const c = this.columns;
    const row = this.rows++;
    c.line[row] = line;
    c.mmsi[row] = mmsi;
    c.time[row] = time;
    c.lat[row] = lat;
    c.lon[row] = lon;
    c.sog[row] = sog;
    c.cog[row] = cog;
    c.heading[row] = heading;
    c.reason[row] = reason;
  }

  /**
   * The rows added: views when the columns are nearly full, else copies, so that little
   * spare room is kept (or transferred to another thread) with them.
   */
  take(): PositionBatch {
    const rows = this.rows;
    const c = this.columns;
    const view = rows * 8 >= c.line.length * 7;
    const cut = <T extends { subarray(a: number, b: number): T; slice(a: number, b: number): T }>(
      column: T,
    ) => (view ? column.subarray(0, rows) : column.slice(0, rows));
    return {
      rows,
      line: cut(c.line),
      mmsi: cut(c.mmsi),
      time: cut(c.time),
      lat: cut(c.lat),
      lon: cut(c.lon),
      sog: cut(c.sog),
      cog: cut(c.cog),
      heading: cut(c.heading),
      reason: cut(c.reason),
    };
  }
}

function allocate(capacity: number): Columns {
  return {
    rows: 0,
    line: new Uint32Array(capacity),
    mmsi: new Uint32Array(capacity),
    reason: new Uint8Array(capacity),
    ...positionColumns(capacity),
  };
}

function grown(from: Columns, rows: number): Columns {
  const to = allocate(rows * 2);
  to.line.set(from.line);
  to.mmsi.set(from.mmsi);
  to.reason.set(from.reason);
  copyPositions(from, 0, to, 0, rows);
  return to;
}
