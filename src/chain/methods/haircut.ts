import type { BigCells } from "../big-cells.js";
import type { LimbCells } from "../limb-cells.js";
import { FLAGS, INT_SLOTS, LEDGER_FLAG, type TraceRecords } from "../trace-records.js";
import { amountAt, type TransferGraph } from "../transfer-graph.js";
import type { Ledger } from "./ledger.js";

/**
 * Haircut: every send carries the sender's tainted share of its balance at that moment,
 * tainted balance / balance × amount (floored to the asset's base unit; the remainder stays
 * with the sender, so no taint is created or lost). A send larger than the known balance is
 * topped up with clean funds of unknown origin: it carries all remaining taint and leaves the
 * sender at zero. The balance is the tracer's (kept for every address); this keeps the taint
 * in the ledger slot of the tracer's address records, and a flag bit there, so that a send from
 * an address without taint (most sends once taint has passed on) costs no bigint at all and
 * no memory access beyond the record the tracer has already fetched.
 */
export class HaircutLedger implements Ledger {
  readonly needsBalances = true;
  private readonly flags: Int32Array;
  private readonly balances: LimbCells;
  private readonly taint: BigCells;

  constructor(
    private readonly graph: TransferGraph,
    records: TraceRecords,
  ) {
    this.flags = records.i32;
    this.balances = records.balances;
    this.taint = records.ledgerSlot;
  }

  open(): void {}

  send(address: number, i: number): bigint {
    const flagsAt = address * INT_SLOTS + FLAGS;
    const flags = this.flags[flagsAt] ?? 0;
    if ((flags & LEDGER_FLAG) === 0) return 0n;
    const amount = amountAt(this.graph, i);
    const balance = this.balances.get(address);
    const taint = this.taint.get(address);
    if (amount >= balance) {
      this.taint.set(address, 0n);
      this.flags[flagsAt] = flags & ~LEDGER_FLAG;
      return taint;
    }
    const carried = (taint * amount) / balance;
    if (carried === 0n) return 0n;
    const left = taint - carried;
    this.taint.set(address, left);
    if (left === 0n) this.flags[flagsAt] = flags & ~LEDGER_FLAG;
    return carried;
  }

  receive(address: number, _i: number, tainted: bigint): void {
    if (tainted === 0n) return;
    this.taint.add(address, tainted);
    const flagsAt = address * INT_SLOTS + FLAGS;
    this.flags[flagsAt] = (this.flags[flagsAt] ?? 0) | LEDGER_FLAG;
  }
}
