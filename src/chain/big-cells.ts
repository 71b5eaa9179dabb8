const SENTINEL = 0xffff_ffff_ffff_ffffn;

/**
 * A fixed-size array of non-negative bigints stored in a BigUint64Array, with the few values
 * of 2^64 − 1 or more (a 10,000 ETH balance is 1e22 wei) in a side map. Why not bigint[]: a
 * million-slot array of heap BigInts lives in the old generation, and every write of a fresh
 * BigInt into it costs a write barrier and keeps the young garbage alive; the typed array
 * stores the 64 bits inline, which roughly halves a 10-million-transfer trace.
 */
export class BigCells {
  private readonly cells: BigUint64Array;
  /** 1 where the value is in `big`: a flag, so that no read of the cell (an allocation) is needed to know. */
  private readonly isBig: Uint8Array;
  private readonly big = new Map<number, bigint>();

  constructor(size: number) {
    this.cells = new BigUint64Array(size);
    this.isBig = new Uint8Array(size);
  }

  get(i: number): bigint {
    return this.isBig[i] === 1 ? (this.big.get(i) ?? 0n) : (this.cells[i] ?? 0n);
  }

  set(i: number, v: bigint): void {
    if (v < SENTINEL) {
      if (this.isBig[i] === 1) {
        this.big.delete(i);
        this.isBig[i] = 0;
      }
      this.cells[i] = v;
    } else {
      this.isBig[i] = 1;
      this.big.set(i, v);
    }
  }

  add(i: number, v: bigint): void {
    this.set(i, this.get(i) + v);
  }
}
