import { BigCells } from "./big-cells.js";
import { LimbCells, wordsOf } from "./limb-cells.js";
import { FifoLedger } from "./methods/fifo.js";
import { HaircutLedger } from "./methods/haircut.js";
import type { Ledger, Method } from "./methods/ledger.js";
import { PoisonLedger } from "./methods/poison.js";
import { amountAt, type TransferGraph } from "./transfer-graph.js";

export interface TraceParams {
  readonly method: Method;
  /** Address ids in the graph. */
  readonly seeds: readonly number[];
  /** Epoch ms: value seeds receive from then on is tainted (default: the whole data). */
  readonly from?: number;
  /** Epoch ms: transfers after it are not read. */
  readonly to?: number;
  /** Addresses this many hops from a seed are reported but not followed further. */
  readonly maxHops?: number;
  /** Per asset symbol, base units below which a transfer is ignored entirely. */
  readonly minAmount?: ReadonlyMap<string, bigint>;
  /** Address ids whose sends are not followed (exchanges, OTC desks, bridges, mixers). */
  readonly services?: ReadonlySet<number>;
  /** Whether to list the tainted transfers (for graph export; costs memory on big traces). Default true. */
  readonly edges?: boolean;
}

/** An address taint reached, for one asset. */
export interface Reach {
  readonly address: number;
  readonly asset: number;
  readonly tainted: bigint;
  readonly received: bigint;
  readonly hops: number;
  /** Epoch ms of its first tainted receipt (a seed: its first receipt or send in the window). */
  readonly firstSeen: number;
}

/** The transfers that carried taint, by position in the graph (ascending), and how much each. */
export interface TaintedEdges {
  readonly count: number;
  readonly index: Int32Array;
  readonly tainted: readonly bigint[];
}

export interface GraphTrace {
  readonly reached: readonly Reach[];
  readonly edges: TaintedEdges;
  /** Transfers read in the window, per the filters (self-transfers and dust excluded). */
  readonly transfersRead: number;
}

/**
 * Traces taint forward in time through `graph`, per asset, by one method (poison, haircut or
 * fifo; see docs/chain.md). Transfers are read in (time, input order); self-transfers and
 * transfers below the minimum are dropped. Every address's balance is kept from the first
 * transfer in exact 32-bit limbs (no allocation); bigints are made only for the addresses taint
 * has reached, and among their sends only for those that carry taint.
 */
export function traceGraph(graph: TransferGraph, params: TraceParams): GraphTrace {
  const reached: Reach[] = [];
  let edges: TaintedEdges = { count: 0, index: new Int32Array(0), tainted: [] };
  let transfersRead = 0;
  for (let asset = 0; asset < graph.assets.length; asset++) {
    const one = traceAsset(graph, asset, params);
    for (const r of one.reached) reached.push(r);
    edges = edges.count === 0 ? one.edges : mergeEdges(edges, one.edges);
    transfersRead += one.transfersRead;
  }
  return { reached, edges, transfersRead };
}

const SEED = 1;
const SERVICE = 2;
const OPEN = 4;

function makeLedger(method: Method, graph: TransferGraph, balances: LimbCells): Ledger {
  const n = graph.addresses.length;
  switch (method) {
    case "poison":
      return new PoisonLedger(n, graph);
    case "haircut":
      return new HaircutLedger(n, graph, balances);
    case "fifo":
      return new FifoLedger(n, graph);
  }
}

function traceAsset(graph: TransferGraph, asset: number, params: TraceParams): GraphTrace {
  const n = graph.addresses.length;
  const { from, to, time } = graph;
  const assetOf = graph.asset;
  const { words, low } = wordsOf(graph.amount);
  const high = 1 - low;
  const overflow = graph.overflow;
  const minAmount = params.minAmount?.get(graph.assets[asset] ?? "") ?? 0n;
  const start = params.from ?? Number.NEGATIVE_INFINITY;
  const end = params.to ?? Number.POSITIVE_INFINITY;
  const maxHops = params.maxHops ?? Number.POSITIVE_INFINITY;
  // One byte of flags per address (seed, service, opened): one memory read where three were.
  const flags = new Uint8Array(n);
  for (const s of params.seeds) flags[s] = SEED;
  for (const s of params.services ?? []) if (flags[s] !== SEED) flags[s] = SERVICE;
  const hops = new Int32Array(n).fill(-1);
  const firstSeen = new Float64Array(n);
  const taintIn = new BigCells(n);
  // Every address's balance (all it received, floored at zero by sends) and what it received in
  // the window, from the first transfer: the exact limbs cost no allocation, so this is cheaper
  // than replaying an address's history when taint first reaches it.
  const cells = new Float64Array(n * 4);
  const balances = new LimbCells(n, { cells, stride: 4, offset: 0 });
  const received = new LimbCells(n, { cells, stride: 4, offset: 2 });
  const ledger = makeLedger(params.method, graph, balances);
  const keepBalances = ledger.needsBalances;
  const keepEdges = params.edges !== false;
  let edgeIndex = new Int32Array(1024);
  const edgeTaint: bigint[] = [];
  const counts = (i: number) =>
    assetOf[i] === asset &&
    from[i] !== to[i] &&
    (minAmount === 0n || amountAt(graph, i) >= minAmount);
  /** Moves transfer i's amount from s to r in `balances` (and `received` when in the window). */
  const move = (i: number, s: number, r: number, inWindow: boolean) => {
    const alo = words[2 * i + low] ?? 0;
    const ahi = words[2 * i + high] ?? 0;
    if (alo === 0xffff_ffff && ahi === 0xffff_ffff && overflow.has(i)) {
      const amount = amountAt(graph, i);
      if (keepBalances) {
        balances.subtractFlooredBig(s, amount);
        balances.addBig(r, amount);
      }
      if (inWindow) received.addBig(r, amount);
      return;
    }
    if (keepBalances) {
      balances.subtractFloored(s, alo, ahi);
      balances.add(r, alo, ahi);
    }
    if (inWindow) received.add(r, alo, ahi);
  };
  const openAddress = (a: number) => {
    flags[a] = (flags[a] ?? 0) | OPEN;
    if (keepBalances) ledger.open(a, balances.get(a));
  };

  let i = lowerBound(time, start);
  if (keepBalances)
    for (let k = 0; k < i; k++) if (counts(k)) move(k, from[k] ?? 0, to[k] ?? 0, false);
  let transfersRead = 0;
  for (; i < graph.count; i++) {
    const t = time[i] ?? 0;
    if (t > end) break;
    if (!counts(i)) continue;
    transfersRead++;
    const s = from[i] ?? 0;
    const r = to[i] ?? 0;
    const fs = flags[s] ?? 0;
    const fr = flags[r] ?? 0;
    if (((fs | fr) & (SEED | OPEN)) === 0) {
      move(i, s, r, true);
      continue;
    }
    if ((fs & SEED) !== 0 && (hops[s] ?? -1) < 0) {
      hops[s] = 0;
      firstSeen[s] = t;
    }
    const seedReceipt = (fr & SEED) !== 0;
    if ((fs & OPEN) === 0 && (fr & OPEN) === 0 && !seedReceipt) {
      move(i, s, r, true);
      continue;
    }
    if (seedReceipt && (fr & OPEN) === 0) openAddress(r);
    const carried = (fs & OPEN) !== 0 ? ledger.send(s, i) : 0n;
    const hopsOfSender = hops[s] ?? -1;
    const followed = (fs & SERVICE) === 0 && hopsOfSender < maxHops && hopsOfSender >= 0;
    const credit = seedReceipt ? amountAt(graph, i) : followed ? carried : 0n;
    if (credit > 0n && ((flags[r] ?? 0) & OPEN) === 0) openAddress(r);
    if (((flags[r] ?? 0) & OPEN) !== 0) ledger.receive(r, i, credit);
    move(i, s, r, true);
    if (credit === 0n) continue;
    taintIn.add(r, credit);
    if (keepEdges) pushEdge(i, credit);
    const h = seedReceipt ? 0 : hopsOfSender + 1;
    if ((hops[r] ?? -1) < 0) {
      hops[r] = h;
      firstSeen[r] = t;
    } else if (h < (hops[r] ?? 0)) hops[r] = h;
  }
  const reached: Reach[] = [];
  for (let a = 0; a < n; a++) {
    const h = hops[a] ?? -1;
    if (h < 0) continue;
    reached.push({
      address: a,
      asset,
      tainted: taintIn.get(a),
      received: received.get(a),
      hops: h,
      firstSeen: firstSeen[a] ?? 0,
    });
  }
  return {
    reached,
    edges: {
      count: edgeTaint.length,
      index: edgeIndex.subarray(0, edgeTaint.length),
      tainted: edgeTaint,
    },
    transfersRead,
  };

  function pushEdge(i: number, credit: bigint) {
    if (edgeTaint.length === edgeIndex.length) {
      const bigger = new Int32Array(edgeIndex.length * 2);
      bigger.set(edgeIndex);
      edgeIndex = bigger;
    }
    edgeIndex[edgeTaint.length] = i;
    edgeTaint.push(credit);
  }
}

/** Two ascending edge lists as one. */
function mergeEdges(a: TaintedEdges, b: TaintedEdges): TaintedEdges {
  const order = [...Array(a.count + b.count).keys()].map(
    (k) =>
      (k < a.count
        ? [a.index[k] ?? 0, a.tainted[k] ?? 0n]
        : [b.index[k - a.count] ?? 0, b.tainted[k - a.count] ?? 0n]) as [number, bigint],
  );
  order.sort((x, y) => x[0] - y[0]);
  return {
    count: order.length,
    index: Int32Array.from(order.map((o) => o[0])),
    tainted: order.map((o) => o[1]),
  };
}

/** The first position whose time is at or after `t` (times are sorted). */
function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((time[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
