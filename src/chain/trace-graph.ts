import { BigCells } from "./big-cells.js";
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
 * transfers below the minimum are dropped. Each address's clean balance is replayed from its
 * own history only when taint first reaches it, so the exact big-integer work is spent on the
 * part of the graph that taint touches, not on all of it.
 */
export function traceGraph(graph: TransferGraph, params: TraceParams): GraphTrace {
  const reached: Reach[] = [];
  let edges: TaintedEdges = { count: 0, index: new Int32Array(0), tainted: [] };
  let transfersRead = 0;
  const adjacency = buildAdjacency(graph);
  for (let asset = 0; asset < graph.assets.length; asset++) {
    const one = traceAsset(graph, adjacency, asset, params);
    for (const r of one.reached) reached.push(r);
    edges = edges.count === 0 ? one.edges : mergeEdges(edges, one.edges);
    transfersRead += one.transfersRead;
  }
  return { reached, edges, transfersRead };
}

/** Each address's transfer positions in graph order (compressed rows), for balance replay. */
interface Adjacency {
  readonly start: Int32Array;
  readonly positions: Int32Array;
}

function buildAdjacency(graph: TransferGraph): Adjacency {
  const n = graph.addresses.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < graph.count; i++) {
    const f = (graph.from[i] ?? 0) + 1;
    const t = (graph.to[i] ?? 0) + 1;
    start[f] = (start[f] ?? 0) + 1;
    if (t !== f) start[t] = (start[t] ?? 0) + 1;
  }
  for (let a = 0; a < n; a++) start[a + 1] = (start[a + 1] ?? 0) + (start[a] ?? 0);
  const fill = start.slice(0, n);
  const positions = new Int32Array(start[n] ?? 0);
  for (let i = 0; i < graph.count; i++) {
    const f = graph.from[i] ?? 0;
    const t = graph.to[i] ?? 0;
    const at = fill[f] ?? 0;
    positions[at] = i;
    fill[f] = at + 1;
    if (t !== f) {
      const at2 = fill[t] ?? 0;
      positions[at2] = i;
      fill[t] = at2 + 1;
    }
  }
  return { start, positions };
}

function makeLedger(method: Method, addresses: number): Ledger {
  switch (method) {
    case "poison":
      return new PoisonLedger(addresses);
    case "haircut":
      return new HaircutLedger(addresses);
    case "fifo":
      return new FifoLedger(addresses);
  }
}

function traceAsset(
  graph: TransferGraph,
  adjacency: Adjacency,
  asset: number,
  params: TraceParams,
): GraphTrace {
  const n = graph.addresses.length;
  const { from, to, time } = graph;
  const assetOf = graph.asset;
  const ledger = makeLedger(params.method, n);
  const minAmount = params.minAmount?.get(graph.assets[asset] ?? "") ?? 0n;
  const start = params.from ?? Number.NEGATIVE_INFINITY;
  const end = params.to ?? Number.POSITIVE_INFINITY;
  const maxHops = params.maxHops ?? Number.POSITIVE_INFINITY;
  const isSeed = new Uint8Array(n);
  for (const s of params.seeds) isSeed[s] = 1;
  const isService = new Uint8Array(n);
  for (const s of params.services ?? []) if (isSeed[s] === 0) isService[s] = 1;
  const open = new Uint8Array(n);
  const hops = new Int32Array(n).fill(-1);
  const firstSeen = new Float64Array(n);
  const taintIn = new BigCells(n);
  const received = new BigCells(n);
  const keepEdges = params.edges !== false;
  let edgeIndex = new Int32Array(1024);
  const edgeTaint: bigint[] = [];
  const counts = (i: number) =>
    assetOf[i] === asset &&
    from[i] !== to[i] &&
    (minAmount === 0n || amountAt(graph, i) >= minAmount);

  /** Gives an address its clean balance from the transfers before `upto` (same filters as the pass). */
  const openAddress = (a: number, upto: number) => {
    open[a] = 1;
    let balance = 0n;
    let inWindow = 0n;
    for (let k = adjacency.start[a] ?? 0; k < (adjacency.start[a + 1] ?? 0); k++) {
      const i = adjacency.positions[k] ?? 0;
      if (i >= upto) break;
      if (!counts(i)) continue;
      const amount = amountAt(graph, i);
      if (to[i] === a) {
        balance += amount;
        if ((time[i] ?? 0) >= start) inWindow += amount;
      } else balance = amount >= balance ? 0n : balance - amount;
    }
    received.set(a, inWindow);
    if (ledger.needsBalances) ledger.open(a, balance);
  };

  let transfersRead = 0;
  let i = lowerBound(time, start);
  for (; i < graph.count; i++) {
    const t = time[i] ?? 0;
    if (t > end) break;
    if (!counts(i)) continue;
    transfersRead++;
    const s = from[i] ?? 0;
    const r = to[i] ?? 0;
    const hs = hops[s] ?? -1;
    if (isSeed[s] === 1 && hs < 0) {
      hops[s] = 0;
      firstSeen[s] = t;
    }
    const seedReceipt = isSeed[r] === 1;
    if (open[s] === 0 && open[r] === 0 && !seedReceipt) continue;
    const amount = amountAt(graph, i);
    if (seedReceipt && open[r] === 0) openAddress(r, i);
    const carried = open[s] === 1 ? ledger.send(s, amount) : 0n;
    const hopsOfSender = hops[s] ?? -1;
    const followed = isService[s] === 0 && hopsOfSender < maxHops && hopsOfSender >= 0;
    const credit = seedReceipt ? amount : followed ? carried : 0n;
    if (credit > 0n && open[r] === 0) openAddress(r, i);
    if (open[r] === 1) {
      ledger.receive(r, amount, credit);
      received.add(r, amount);
    }
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
