const SENTINEL = 0xffff_ffff_ffff_ffffn;

/**
 * A fixed-size array of non-negative bigints stored in a BigUint64Array, with the few values
 * of 2^64 − 1 or more (a 10,000 ETH balance is 1e22 wei) in a side map behind a sentinel. Why
 * not bigint[]: a million-slot array of heap BigInts lives in the old generation, and every
 * write of a fresh BigInt into it costs a write barrier and keeps the young garbage alive; the
 * typed array stores the 64 bits inline.
 */
export class BigCells {
  /** Value i at `i × stride + offset`. */
  private readonly cells: BigUint64Array;
  private readonly stride: number;
  private readonly offset: number;
  private readonly big = new Map<number, bigint>();

  /** Cells of their own, or (`shared`) one slot of each address's record in a shared array. */
  constructor(size: number, shared?: { cells: BigUint64Array; stride: number; offset: number }) {
    this.cells = shared?.cells ?? new BigUint64Array(size);
    this.stride = shared?.stride ?? 1;
    this.offset = shared?.offset ?? 0;
  }

  get(i: number): bigint {
    const v = this.cells[i * this.stride + this.offset] ?? 0n;
    return v === SENTINEL ? (this.big.get(i) ?? v) : v;
  }

  set(i: number, v: bigint): void {
    const at = i * this.stride + this.offset;
    if (v < SENTINEL) {
      if (this.big.size !== 0) this.big.delete(i);
      this.cells[at] = v;
    } else {
      this.cells[at] = SENTINEL;
      this.big.set(i, v);
    }
  }

  add(i: number, v: bigint): void {
    this.set(i, this.get(i) + v);
  }
}
