import type { ParquetValues } from "../../store/index.js";
import { type PositionColumns, positionColumns } from "../track.js";
import type { FileRows, VesselRows } from "./group-by-vessel.js";
import { sortByTime } from "./sort-by-time.js";

/**
 * A group of vessels' rows in vessel order, as the columns of maritime_position; `row` holds
 * each row's number in the file until the row is checked, then its MMSI.
 */
export class VesselColumns {
  private readonly space = new SortSpace();

  readonly row: Uint32Array;
  readonly positions: PositionColumns;

  constructor(size: number) {
    this.row = new Uint32Array(size);
    this.positions = positionColumns(size);
  }

  /** The columns in maritime_position's order. */
  list(): readonly ParquetValues[] {
    const { time, lat, lon, sog, cog, heading } = this.positions;
    return [this.row, time, lat, lon, sog, cog, heading];
  }

  /**
   * Copies the rows of vessels [first, end) from the batches to their places: one pass reading
   * the batches in order, writing as many runs a column as there are vessels. (A pass a column,
   * for fewer runs at a time, took twice as long: seven reads of the places.)
   */
  gather(file: FileRows, vessels: VesselRows, first: number, end: number): void {
    const base = vessels.bounds[first] as number;
    const size = (vessels.bounds[end] as number) - base;
    const places = vessels.placeOfRow;
    const rowOut = this.row;
    const { time: timeOut, lat: latOut, lon: lonOut } = this.positions;
    const { sog: sogOut, cog: cogOut, heading: headingOut } = this.positions;
    let row = 0;
    for (const { rows, time, lat, lon, sog, cog, heading } of file.batches)
      for (let i = 0; i < rows; i++, row++) {
        // Unsigned: a place below `base` (or NO_VESSEL) is out of range either way.
        const p = ((places[row] as number) - base) >>> 0;
        if (p >= size) continue;
        rowOut[p] = row;
        timeOut[p] = time[i] as number;
        latOut[p] = lat[i] as number;
        lonOut[p] = lon[i] as number;
        sogOut[p] = sog[i] as number;
        cogOut[p] = cog[i] as number;
        headingOut[p] = heading[i] as number;
      }
  }

  /** Sorts rows lo..hi by time, equal times in file order. */
  sortByTime(lo: number, hi: number): void {
    const p = this.positions;
    if (isStrictlyDescending(p.time, lo, hi)) {
      // A file in reverse time order: reversing is the sort (no equal times to keep in order).
      for (const column of this.list()) column.subarray(lo, hi).reverse();
      return;
    }
    const n = hi - lo;
    const { space } = this;
    space.reserve(n);
    space.time.set(p.time.subarray(lo, hi));
    for (let k = 0; k < n; k++) space.order[k] = k;
    sortByTime(space.time, space.order, n, space.spareTime, space.spareOrder);
    p.time.set(space.time.subarray(0, n), lo);
    permute(this.row, lo, n, space.order, space.u32);
    permute(p.lat, lo, n, space.order, space.f64);
    permute(p.lon, lo, n, space.order, space.f64);
    permute(p.sog, lo, n, space.order, space.f32);
    permute(p.cog, lo, n, space.order, space.f32);
    permute(p.heading, lo, n, space.order, space.f32);
  }

  /** Copies row `from` to row `to`. */
  move(from: number, to: number): void {
    const p = this.positions;
    this.row[to] = this.row[from] as number;
    p.time[to] = p.time[from] as number;
    p.lat[to] = p.lat[from] as number;
    p.lon[to] = p.lon[from] as number;
    p.sog[to] = p.sog[from] as number;
    p.cog[to] = p.cog[from] as number;
    p.heading[to] = p.heading[from] as number;
  }
}

/** Scratch arrays to sort one vessel's rows, grown to the biggest vessel sorted. */
class SortSpace {
  time = new Float64Array(0);
  order = new Uint32Array(0);
  spareTime = new Float64Array(0);
  spareOrder = new Uint32Array(0);
  f64 = new Float64Array(0);
  f32 = new Float32Array(0);
  u32 = new Uint32Array(0);

  reserve(n: number): void {
    if (this.time.length >= n) return;
    this.time = new Float64Array(n);
    this.order = new Uint32Array(n);
    this.spareTime = new Float64Array(n);
    this.spareOrder = new Uint32Array(n);
    this.f64 = new Float64Array(n);
    this.f32 = new Float32Array(n);
    this.u32 = new Uint32Array(n);
  }
}

function isStrictlyDescending(time: Float64Array, lo: number, hi: number): boolean {
  for (let k = lo + 1; k < hi; k++)
    if (!((time[k] as number) < (time[k - 1] as number))) return false;
  return true;
}

/** Puts rows lo..lo+n of `column` in `order` (indexes from lo), through `scratch`. */
function permute<T extends Float64Array | Float32Array | Uint32Array>(
  column: T,
  lo: number,
  n: number,
  order: Uint32Array,
  scratch: T,
): void {
  scratch.set(column.subarray(lo, lo + n));
  for (let k = 0; k < n; k++) column[lo + k] = scratch[order[k] as number] as number;
}
