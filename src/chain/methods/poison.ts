import { amountAt, type TransferGraph } from "../transfer-graph.js";
import type { Ledger } from "./ledger.js";

/**
 * Poison: an address that receives a positive tainted amount is poisoned, and everything it
 * sends afterwards is tainted whole. The widest net: it over-states taint by design, and a
 * zero-value transfer (the address-poisoning dust trick) never poisons.
 */
export class PoisonLedger implements Ledger {
  readonly needsBalances = false;
  private readonly poisoned: Uint8Array;

  constructor(
    addresses: number,
    private readonly graph: TransferGraph,
  ) {
    this.poisoned = new Uint8Array(addresses);
  }

  open(): void {}

  send(address: number, i: number): bigint {
    return this.poisoned[address] === 1 ? amountAt(this.graph, i) : 0n;
  }

  receive(address: number, _i: number, tainted: bigint): void {
    if (tainted > 0n) this.poisoned[address] = 1;
  }
}
