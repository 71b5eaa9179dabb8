import type { PositionBatch } from "./position-batch.js";

/** The rank of a row refused already: it belongs to no vessel. */
export const NO_VESSEL = 0xffff_ffff;

/** A file's rows numbered across its batches, in file (line) order. */
export class FileRows {
  readonly total: number;
  /** The number of each batch's first row. */
  private readonly start: Float64Array;

  constructor(readonly batches: readonly PositionBatch[]) {
    this.start = new Float64Array(batches.length);
    let total = 0;
    batches.forEach((batch, b) => {
      this.start[b] = total;
      total += batch.rows;
    });
    this.total = total;
  }

  /** The line of row `row`: a binary search, for the few rows refused. */
  line(row: number): number {
    let lo = 0;
    let hi = this.batches.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.start[mid] as number) <= row) lo = mid;
      else hi = mid - 1;
    }
    const batch = this.batches[lo] as PositionBatch;
    return batch.line[row - (this.start[lo] as number)] as number;
  }
}

/** The good rows of a file by vessel. */
export interface VesselRows {
  /** The vessels, in ascending MMSI. */
  readonly mmsi: Uint32Array;
  /** Vessel v has bounds[v + 1] - bounds[v] rows, and they come at bounds[v] in MMSI order. */
  readonly bounds: Float64Array;
  /**
   * Where each row goes in vessel order (vessels in MMSI order, each one's rows in file order);
   * NO_VESSEL for a row refused already.
   */
  readonly placeOfRow: Uint32Array;
  /** The earliest and latest time of the good rows (epoch seconds). */
  readonly earliest: number;
  readonly latest: number;
}

/**
 * Numbers the vessels of the file's good rows in MMSI order, counts their rows and says where
 * each row goes: the first half of a counting sort.
 */
export function groupByVessel(file: FileRows): VesselRows {
  const vesselOfRow = new Uint32Array(file.total);
  const slots = new VesselSlots();
  let row = 0;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const { rows, reason, mmsi, time } of file.batches)
    for (let i = 0; i < rows; i++, row++) {
      if (reason[i] !== 0) {
        vesselOfRow[row] = NO_VESSEL;
        continue;
      }
      const t = time[i] as number;
      if (t < earliest) earliest = t;
      if (t > latest) latest = t;
      vesselOfRow[row] = slots.count(mmsi[i] as number);
    }
  // Slots are numbered by first appearance: renumber them in MMSI order.
  const bySlot = Array.from(slots.mmsi.subarray(0, slots.size).keys());
  bySlot.sort((a, b) => (slots.mmsi[a] as number) - (slots.mmsi[b] as number));
  const mmsi = new Uint32Array(bySlot.length);
  const bounds = new Float64Array(bySlot.length + 1);
  const rank = new Uint32Array(slots.size);
  bySlot.forEach((slot, v) => {
    mmsi[v] = slots.mmsi[slot] as number;
    rank[slot] = v;
    bounds[v + 1] = (bounds[v] as number) + (slots.rows[slot] as number);
  });
  const next = new Float64Array(slots.size);
  for (let slot = 0; slot < slots.size; slot++) next[slot] = bounds[rank[slot] as number] as number;
  const placeOfRow = vesselOfRow;
  for (let r = 0; r < file.total; r++) {
    const slot = vesselOfRow[r] as number;
    if (slot === NO_VESSEL) continue;
    const place = next[slot] as number;
    placeOfRow[r] = place;
    next[slot] = place + 1;
  }
  return { mmsi, bounds, placeOfRow, earliest, latest };
}

/**
 * The vessels of a file, numbered in order of first appearance, with their row counts: an
 * open-addressing hash on typed arrays, as a Map lookup a row cost more than all the rest.
 */
class VesselSlots {
  size = 0;
  mmsi = new Uint32Array(1024);
  rows = new Uint32Array(1024);
  /** Slot + 1 by hash of MMSI; 0 is empty. */
  private table = new Uint32Array(4096);
  /** 32 - log2(table size): the hash is the product's top bits, the well-mixed ones. */
  private shift = 20;

  /** The MMSI counted last and its slot: files often give a vessel's rows one after another. */
  private lastMmsi = -1;
  private lastSlot = 0;

  /** Counts one row of `mmsi` and returns its vessel's slot. */
  count(mmsi: number): number {
    if (mmsi !== this.lastMmsi) {
      this.lastSlot = this.slotOf(mmsi);
      this.lastMmsi = mmsi;
    }
    const slot = this.lastSlot;
    this.rows[slot] = (this.rows[slot] as number) + 1;
    return slot;
  }

  private slotOf(mmsi: number): number {
    const mask = this.table.length - 1;
    for (let h = Math.imul(mmsi, 0x9e37_79b1) >>> this.shift; ; h = (h + 1) & mask) {
      const entry = this.table[h] as number;
      if (entry === 0) return this.insert(mmsi, h);
      if (this.mmsi[entry - 1] === mmsi) return entry - 1;
    }
  }

  private insert(mmsi: number, at: number): number {
    const slot = this.size++;
    if (slot === this.mmsi.length) {
      this.mmsi = grown(this.mmsi);
      this.rows = grown(this.rows);
    }
    this.mmsi[slot] = mmsi;
    this.table[at] = slot + 1;
    if (this.size * 2 > this.table.length) this.rehash();
    return slot;
  }

  private rehash(): void {
    this.table = new Uint32Array(this.table.length * 2);
    this.shift--;
    const mask = this.table.length - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let h = Math.imul(this.mmsi[slot] as number, 0x9e37_79b1) >>> this.shift;
      while (this.table[h] !== 0) h = (h + 1) & mask;
      this.table[h] = slot + 1;
    }
  }
}

function grown(a: Uint32Array): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
