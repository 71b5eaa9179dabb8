const TWO32 = 4_294_967_296;
/** Past this high limb a cell moves to the bigint map: below it, hi + a 32-bit limb stays exact in a float64. */
const HI_LIMIT = 2 ** 52;
const BIG_HI_LIMIT = BigInt(HI_LIMIT);
const TWO64 = 2n ** 64n;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = 1 - LOW;
/** One 64-bit cell seen as two 32-bit words: a bigint below 2^64 to or from limbs without arithmetic. */
const scratch = new BigUint64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/**
 * A fixed-size array of non-negative integers kept exactly as two float64 limbs, hi × 2^32 + lo
 * (lo below 2^32, hi below 2^52: values up to 2^84, about 19 million ETH in wei), with the rare
 * larger value in a bigint side map. Adding or subtracting a 64-bit amount given as two 32-bit
 * words allocates nothing, where a BigInt does on every result: the tracer keeps every
 * address's balance and receipts this way and makes a bigint only where a method needs one.
 */
export class LimbCells {
  /** lo at `i × stride + offset`, hi after it; lo is −1 where the value is in `big`. */
  private readonly cells: Float64Array;
  private readonly stride: number;
  private readonly offset: number;
  private readonly big = new Map<number, bigint>();

  /**
   * Cells of their own, or (`shared`) two slots of each address's record in one array (the
   * tracer's TraceRecords), so that all an address's state shares a cache line: over a million
   * addresses touched at random, the memory misses cost more than the arithmetic.
   */
  constructor(size: number, shared?: { cells: Float64Array; stride: number; offset: number }) {
    this.cells = shared?.cells ?? new Float64Array(size * 2);
    this.stride = shared?.stride ?? 2;
    this.offset = shared?.offset ?? 0;
  }

  /** Adds alo + ahi × 2^32 (each below 2^32). */
  add(i: number, alo: number, ahi: number): void {
    const at = i * this.stride + this.offset;
    const was = this.cells[at] ?? 0;
    if (was < 0) {
      this.big.set(i, (this.big.get(i) ?? 0n) + wordsToBigint(alo, ahi));
      return;
    }
    let lo = was + alo;
    let hi = (this.cells[at + 1] ?? 0) + ahi;
    if (lo >= TWO32) {
      lo -= TWO32;
      hi += 1;
    }
    if (hi >= HI_LIMIT) {
      this.set(i, wordsToBigint(lo, 0) + BigInt(hi) * 4_294_967_296n);
      return;
    }
    this.cells[at] = lo;
    this.cells[at + 1] = hi;
  }

  /** Subtracts alo + ahi × 2^32, flooring at zero. */
  subtractFloored(i: number, alo: number, ahi: number): void {
    const at = i * this.stride + this.offset;
    const lo = this.cells[at] ?? 0;
    if (lo < 0) {
      const v = this.big.get(i) ?? 0n;
      const a = wordsToBigint(alo, ahi);
      this.set(i, a >= v ? 0n : v - a);
      return;
    }
    const hi = this.cells[at + 1] ?? 0;
    if (ahi > hi || (ahi === hi && alo >= lo)) {
      this.cells[at] = 0;
      this.cells[at + 1] = 0;
      return;
    }
    let l = lo - alo;
    let h = hi - ahi;
    if (l < 0) {
      l += TWO32;
      h -= 1;
    }
    this.cells[at] = l;
    this.cells[at + 1] = h;
  }

  addBig(i: number, v: bigint): void {
    this.set(i, this.get(i) + v);
  }

  subtractFlooredBig(i: number, v: bigint): void {
    const have = this.get(i);
    this.set(i, v >= have ? 0n : have - v);
  }

  get(i: number): bigint {
    const at = i * this.stride + this.offset;
    const lo = this.cells[at] ?? 0;
    if (lo < 0) return this.big.get(i) ?? 0n;
    const hi = this.cells[at + 1] ?? 0;
    // Below 2^64 the two words make one bigint through the scratch cell: one allocation, not three.
    if (hi < TWO32) {
      scratchWords[LOW] = lo;
      scratchWords[HIGH] = hi;
      return scratch[0] ?? 0n;
    }
    return (BigInt(hi) << 32n) + BigInt(lo);
  }

  set(i: number, v: bigint): void {
    const at = i * this.stride + this.offset;
    if (v < TWO64) {
      if (this.big.size !== 0) this.big.delete(i);
      scratch[0] = v;
      this.cells[at] = scratchWords[LOW] ?? 0;
      this.cells[at + 1] = scratchWords[HIGH] ?? 0;
      return;
    }
    const hi = v >> 32n;
    if (hi < BIG_HI_LIMIT) {
      this.big.delete(i);
      this.cells[at] = Number(v & 0xffff_ffffn);
      this.cells[at + 1] = Number(hi);
    } else {
      this.cells[at] = -1;
      this.cells[at + 1] = 0;
      this.big.set(i, v);
    }
  }
}

function wordsToBigint(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) + BigInt(lo);
}

/** The 32-bit words of a BigUint64Array, without a copy: word `2i + LOW` is the low half of element i. */
export function wordsOf(a: BigUint64Array): { readonly words: Uint32Array; readonly low: 0 | 1 } {
  return {
    words: new Uint32Array(a.buffer, a.byteOffset, a.length * 2),
    low: LOW,
  };
}
