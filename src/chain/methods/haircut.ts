import { BigCells } from "../big-cells.js";
import type { Ledger } from "./ledger.js";

/**
 * Haircut: every send carries the sender's tainted share of its balance at that moment,
 * tainted balance / balance × amount (floored to the asset's base unit; the remainder stays
 * with the sender, so no taint is created or lost). A send larger than the known balance is
 * topped up with clean funds of unknown origin: it carries all remaining taint and leaves the
 * sender at zero.
 */
export class HaircutLedger implements Ledger {
  readonly needsBalances = true;
  private readonly balance: BigCells;
  private readonly taint: BigCells;

  constructor(addresses: number) {
    this.balance = new BigCells(addresses);
    this.taint = new BigCells(addresses);
  }

  open(address: number, balance: bigint): void {
    this.balance.set(address, balance);
  }

  send(address: number, amount: bigint): bigint {
    const balance = this.balance.get(address);
    const taint = this.taint.get(address);
    if (amount >= balance) {
      this.balance.set(address, 0n);
      if (taint !== 0n) this.taint.set(address, 0n);
      return taint;
    }
    this.balance.set(address, balance - amount);
    if (taint === 0n) return 0n;
    const carried = (taint * amount) / balance;
    this.taint.set(address, taint - carried);
    return carried;
  }

  receive(address: number, amount: bigint, tainted: bigint): void {
    this.balance.add(address, amount);
    if (tainted > 0n) this.taint.add(address, tainted);
  }
}
