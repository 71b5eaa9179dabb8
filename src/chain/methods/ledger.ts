/**
 * What a tracing method keeps per address, for one asset. The tracer calls `send` then
 * `receive` for every transfer that touches an address it has opened, naming the transfer by
 * its position in the graph (a method reads the amount only if it needs it, so that a send
 * without taint makes no bigint); `open` gives an address its clean opening balance the first
 * time taint reaches it. The tracer itself keeps every address's total balance (clean and
 * tainted) in exact limbs.
 */
export interface Ledger {
  /** False for poison, which needs no balances: the tracer then keeps none. */
  readonly needsBalances: boolean;
  open(address: number, balance: bigint): void;
  /** Takes transfer `i`'s amount out of `address` (before the tracer updates its balance); returns the part of it that is tainted. */
  send(address: number, i: number): bigint;
  /** Puts transfer `i`'s amount into `address`, `tainted` of it tainted (what the last send carried, or all of it for a seed). */
  receive(address: number, i: number, tainted: bigint): void;
}

/** The three methods of the issue; see docs/chain.md for how they differ. */
export type Method = "poison" | "haircut" | "fifo";
export const METHODS: readonly Method[] = ["poison", "haircut", "fifo"];
