const RUN = 32;

/**
 * Sorts the first `n` entries of `time` ascending, moving `rows` with them; stable, so rows of
 * equal time keep their order (the file's, which decides which duplicate is kept). A bottom-up
 * merge sort on typed arrays, with `spareTime` and `spareRows` (at least `n` long) to merge
 * into: a comparator sort of an index array called back into JavaScript for every comparison.
 */
export function sortByTime(
  time: Float64Array,
  rows: Uint32Array,
  n: number,
  spareTime: Float64Array,
  spareRows: Uint32Array,
): void {
  for (let lo = 0; lo < n; lo += RUN) insertionSort(time, rows, lo, Math.min(n, lo + RUN));
  let fromTime = time;
  let fromRows = rows;
  let toTime = spareTime;
  let toRows = spareRows;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      merge(fromTime, fromRows, toTime, toRows, lo, mid, hi);
    }
    [fromTime, toTime] = [toTime, fromTime];
    [fromRows, toRows] = [toRows, fromRows];
  }
  if (fromTime !== time) {
    time.set(fromTime.subarray(0, n));
    rows.set(fromRows.subarray(0, n));
  }
}

function insertionSort(time: Float64Array, rows: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const t = time[i] as number;
    const r = rows[i] as number;
    let j = i;
    for (; j > lo && (time[j - 1] as number) > t; j--) {
      time[j] = time[j - 1] as number;
      rows[j] = rows[j - 1] as number;
    }
    time[j] = t;
    rows[j] = r;
  }
}

/** Merges the sorted runs lo..mid and mid..hi of `from*` into the same place of `to*`. */
function merge(
  fromTime: Float64Array,
  fromRows: Uint32Array,
  toTime: Float64Array,
  toRows: Uint32Array,
  lo: number,
  mid: number,
  hi: number,
): void {
  let a = lo;
  let b = mid;
  for (let k = lo; k < hi; k++) {
    // Ties take the left run first: that is what keeps the sort stable.
    if (b >= hi || (a < mid && (fromTime[a] as number) <= (fromTime[b] as number))) {
      toTime[k] = fromTime[a] as number;
      toRows[k] = fromRows[a++] as number;
    } else {
      toTime[k] = fromTime[b] as number;
      toRows[k] = fromRows[b++] as number;
    }
  }
}
