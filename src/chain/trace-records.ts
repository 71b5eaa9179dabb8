import { BigCells } from "./big-cells.js";
import { LimbCells } from "./limb-cells.js";

/** Bytes per address record: one cache line. */
const RECORD_BYTES = 64;
/** Float64 (and BigUint64) slots per record, and Int32 slots. */
export const SLOTS = RECORD_BYTES / 8;
export const INT_SLOTS = RECORD_BYTES / 4;
/** Float64 slot: epoch ms of the first tainted receipt (or a seed's first transfer). */
export const FIRST_SEEN = 5;
/** Int32 slot: the flags below. */
export const FLAGS = 14;
/** Int32 slot: hops + 1, so that a fresh (zeroed) record reads as not reached. */
export const HOPS_PLUS_ONE = 15;

export const SEED = 1;
export const SERVICE = 2;
/** Taint has reached the address: the method's ledger follows it. */
export const OPEN = 4;
/** A bit the method's ledger may use (haircut: the address holds taint). */
export const LEDGER_FLAG = 8;

/**
 * What the tracer keeps per address, for one asset, as one 64-byte record per address:
 *
 *   float64 0–1   balance: all it received, floored at zero by its sends (exact limbs)
 *   float64 2–3   received in the window (exact limbs)
 *   uint64  4     the method's own slot (haircut: the address's tainted balance)
 *   float64 5     first seen
 *   uint64  6     taint received
 *   int32   14    flags; 15: hops + 1
 *
 * Why one record and not an array per field: over a million addresses touched at random, a
 * transfer costs a cache miss per array it reads, and the misses are the trace's cost; in one
 * record, a transfer's sender and recipient are two cache lines, which the tracer fetches
 * ahead of use. The buffer is a WebAssembly memory because that is page-aligned, so no
 * record straddles two lines: a large ArrayBuffer comes from malloc, which (glibc) starts it
 * 16 bytes past a page boundary, and the same trace took 2.5–2.7 s of CPU there against 1.5 s.
 */
export class TraceRecords {
  readonly f64: Float64Array;
  readonly u64: BigUint64Array;
  readonly i32: Int32Array;
  readonly balances: LimbCells;
  readonly received: LimbCells;
  readonly ledgerSlot: BigCells;
  readonly taintIn: BigCells;

  constructor(readonly size: number) {
    const buffer = alignedBuffer(size * RECORD_BYTES);
    this.f64 = new Float64Array(buffer, 0, size * SLOTS);
    this.u64 = new BigUint64Array(buffer, 0, size * SLOTS);
    this.i32 = new Int32Array(buffer, 0, size * INT_SLOTS);
    const f64 = { cells: this.f64, stride: SLOTS };
    this.balances = new LimbCells(size, { ...f64, offset: 0 });
    this.received = new LimbCells(size, { ...f64, offset: 2 });
    const u64 = { cells: this.u64, stride: SLOTS };
    this.ledgerSlot = new BigCells(size, { ...u64, offset: 4 });
    this.taintIn = new BigCells(size, { ...u64, offset: 6 });
  }
}

/** The global, typed here: the project's type libraries do not declare it. */
const WASM = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (d: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
    };
  }
).WebAssembly;
const WASM_PAGE = 65_536;
/** A WebAssembly memory holds at most 65,536 pages (4 GiB). */
const WASM_MAX_PAGES = 65_536;

/** Zeroed memory of at least `bytes`, starting on a page boundary when it can. */
function alignedBuffer(bytes: number): ArrayBuffer {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  if (pages <= WASM_MAX_PAGES) {
    try {
      return new WASM.Memory({ initial: pages, maximum: pages }).buffer;
    } catch {
      // No room for a WebAssembly memory of that size: an ordinary buffer works, a bit slower.
    }
  }
  return new ArrayBuffer(bytes);
}
