import type { Ledger } from "./ledger.js";

/**
 * Poison: an address that receives a positive tainted amount is poisoned, and everything it
 * sends afterwards is tainted whole. The widest net: it over-states taint by design, and a
 * zero-value transfer (the address-poisoning dust trick) never poisons.
 */
export class PoisonLedger implements Ledger {
  readonly needsBalances = false;
  private readonly poisoned: Uint8Array;

  constructor(addresses: number) {
    this.poisoned = new Uint8Array(addresses);
  }

  open(): void {}

  send(address: number, amount: bigint): bigint {
    return this.poisoned[address] === 1 ? amount : 0n;
  }

  receive(address: number, _amount: bigint, tainted: bigint): void {
    if (tainted > 0n) this.poisoned[address] = 1;
  }
}
