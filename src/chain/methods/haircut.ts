import { BigCells } from "../big-cells.js";
import type { LimbCells } from "../limb-cells.js";
import { amountAt, type TransferGraph } from "../transfer-graph.js";
import type { Ledger } from "./ledger.js";

/**
 * Haircut: every send carries the sender's tainted share of its balance at that moment,
 * tainted balance / balance × amount (floored to the asset's base unit; the remainder stays
 * with the sender, so no taint is created or lost). A send larger than the known balance is
 * topped up with clean funds of unknown origin: it carries all remaining taint and leaves the
 * sender at zero. The balance is the tracer's (`balances`, kept for every address); this keeps
 * the taint, and a flag per address so that a send from an address without taint (most sends
 * once taint has passed on) costs no bigint at all.
 */
export class HaircutLedger implements Ledger {
  readonly needsBalances = true;
  private readonly taint: BigCells;
  private readonly hasTaint: Uint8Array;

  constructor(
    addresses: number,
    private readonly graph: TransferGraph,
    private readonly balances: LimbCells,
  ) {
    this.taint = new BigCells(addresses);
    this.hasTaint = new Uint8Array(addresses);
  }

  open(): void {}

  send(address: number, i: number): bigint {
    if (this.hasTaint[address] === 0) return 0n;
    const amount = amountAt(this.graph, i);
    const balance = this.balances.get(address);
    const taint = this.taint.get(address);
    if (amount >= balance) {
      this.taint.set(address, 0n);
      this.hasTaint[address] = 0;
      return taint;
    }
    const carried = (taint * amount) / balance;
    if (carried === 0n) return 0n;
    const left = taint - carried;
    this.taint.set(address, left);
    if (left === 0n) this.hasTaint[address] = 0;
    return carried;
  }

  receive(address: number, _i: number, tainted: bigint): void {
    if (tainted === 0n) return;
    this.taint.add(address, tainted);
    this.hasTaint[address] = 1;
  }
}
