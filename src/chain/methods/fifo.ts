import { amountAt, type TransferGraph } from "../transfer-graph.js";
import type { Ledger } from "./ledger.js";

/** A queue of lots: amounts and whether each is tainted, oldest at `head`. */
interface Lots {
  amounts: bigint[];
  tainted: boolean[];
  head: number;
}

/**
 * FIFO (Clayton's rule): each address keeps its received lots in order; a send consumes the
 * oldest first, and the recipient gets the consumed pieces as lots in the order they left. A
 * shortfall (a send beyond the known balance) is clean. Adjacent lots of the same kind are
 * merged, so an address that never held taint is one clean lot.
 */
export class FifoLedger implements Ledger {
  readonly needsBalances = true;
  private readonly lots: (Lots | undefined)[];
  /** The pieces the last send consumed, for the receive that follows it. */
  private pieceAmounts: bigint[] = [];
  private pieceTainted: boolean[] = [];

  constructor(
    addresses: number,
    private readonly graph: TransferGraph,
  ) {
    this.lots = new Array<Lots | undefined>(addresses);
  }

  open(address: number, balance: bigint): void {
    this.lots[address] = {
      amounts: balance > 0n ? [balance] : [],
      tainted: balance > 0n ? [false] : [],
      head: 0,
    };
  }

  send(address: number, i: number): bigint {
    const amount = amountAt(this.graph, i);
    const q = this.queue(address);
    this.pieceAmounts = [];
    this.pieceTainted = [];
    let remaining = amount;
    let carried = 0n;
    while (remaining > 0n && q.head < q.amounts.length) {
      const lot = q.amounts[q.head] ?? 0n;
      const isTainted = q.tainted[q.head] === true;
      const take = lot < remaining ? lot : remaining;
      this.pieceAmounts.push(take);
      this.pieceTainted.push(isTainted);
      if (isTainted) carried += take;
      remaining -= take;
      if (take === lot) q.head++;
      else q.amounts[q.head] = lot - take;
    }
    if (remaining > 0n) {
      this.pieceAmounts.push(remaining);
      this.pieceTainted.push(false);
    }
    if (q.head > 32 && q.head * 2 > q.amounts.length) {
      q.amounts = q.amounts.slice(q.head);
      q.tainted = q.tainted.slice(q.head);
      q.head = 0;
    }
    return carried;
  }

  receive(address: number, i: number, tainted: bigint): void {
    const amount = amountAt(this.graph, i);
    const q = this.queue(address);
    if (tainted === 0n || tainted === amount) {
      push(q, amount, tainted > 0n);
      return;
    }
    // A mixed amount is what the last send carried: its pieces keep their order.
    for (let i = 0; i < this.pieceAmounts.length; i++)
      push(q, this.pieceAmounts[i] ?? 0n, this.pieceTainted[i] === true);
  }

  private queue(address: number): Lots {
    let q = this.lots[address];
    if (q === undefined) {
      q = { amounts: [], tainted: [], head: 0 };
      this.lots[address] = q;
    }
    return q;
  }
}

function push(q: Lots, amount: bigint, tainted: boolean): void {
  if (amount === 0n) return;
  const last = q.amounts.length - 1;
  if (last >= q.head && q.tainted[last] === tainted)
    q.amounts[last] = (q.amounts[last] ?? 0n) + amount;
  else {
    q.amounts.push(amount);
    q.tainted.push(tainted);
  }
}
