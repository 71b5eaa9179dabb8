/**
 * What a tracing method keeps per address, for one asset. The tracer calls `send` then
 * `receive` for every transfer that touches an address it has opened; `open` gives an address
 * its clean opening balance (replayed from its history) the first time taint reaches it.
 */
export interface Ledger {
  /** False for poison, which needs no balances: the tracer then skips the replay. */
  readonly needsBalances: boolean;
  open(address: number, balance: bigint): void;
  /** Takes `amount` out of `address`; returns the part of it that is tainted. */
  send(address: number, amount: bigint): bigint;
  /** Puts `amount` into `address`, `tainted` of it tainted (what the last send carried, or all of it for a seed). */
  receive(address: number, amount: bigint, tainted: bigint): void;
}

/** The three methods of the issue; see docs/chain.md for how they differ. */
export type Method = "poison" | "haircut" | "fifo";
export const METHODS: readonly Method[] = ["poison", "haircut", "fifo"];
