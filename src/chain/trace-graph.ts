import { wordsOf } from "./limb-cells.js";
import { FifoLedger } from "./methods/fifo.js";
import { HaircutLedger } from "./methods/haircut.js";
import type { Ledger, Method } from "./methods/ledger.js";
import { PoisonLedger } from "./methods/poison.js";
import {
  FIRST_SEEN,
  FLAGS,
  HOPS_PLUS_ONE,
  INT_SLOTS,
  OPEN,
  SEED,
  SERVICE,
  SLOTS,
  TraceRecords,
} from "./trace-records.js";
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
 * transfer in exact 32-bit limbs (no allocation), in one 64-byte record per address with the
 * rest of its state (TraceRecords); bigints are made only for the addresses taint has reached,
 * and among their sends only for those that carry taint.
 */
export function traceGraph(graph: TransferGraph, params: TraceParams): GraphTrace {
  if (graph.assets.length === 1) return traceAsset(graph, 0, params);
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

function makeLedger(method: Method, graph: TransferGraph, records: TraceRecords): Ledger {
  const n = graph.addresses.length;
  switch (method) {
    case "poison":
      return new PoisonLedger(n, graph);
    case "haircut":
      return new HaircutLedger(graph, records);
    case "fifo":
      return new FifoLedger(n, graph);
  }
}

/**
 * Transfers per block: before a block is traced, its senders' and recipients' records are
 * read once in a tight loop, so that their cache misses overlap (in the tracing code, long and
 * branchy, each transfer waits for its own); the block is then traced from cache. 32, 128 and
 * 512 measured the same; without the loop the 10-million-transfer haircut took 2.4 s of CPU
 * against 1.6 s.
 */
const PREFETCH_BLOCK = 128;
/** Where the prefetch loop's reads go, so that the compiler cannot drop them as unused. */
const prefetchSink = new Int32Array(1);

function traceAsset(graph: TransferGraph, asset: number, params: TraceParams): GraphTrace {
  const n = graph.addresses.length;
  const count = graph.count;
  const { from, to, time } = graph;
  const assetOf = graph.asset;
  const { words, low } = wordsOf(graph.amount);
  const high = 1 - low;
  const minAmount = params.minAmount?.get(graph.assets[asset] ?? "") ?? 0n;
  const start = params.from ?? Number.NEGATIVE_INFINITY;
  const end = params.to ?? Number.POSITIVE_INFINITY;
  const maxHops = params.maxHops ?? Number.POSITIVE_INFINITY;
  const records = new TraceRecords(n);
  const { f64, i32, balances, received, taintIn } = records;
  for (const s of params.seeds) i32[s * INT_SLOTS + FLAGS] = SEED;
  for (const s of params.services ?? [])
    if (i32[s * INT_SLOTS + FLAGS] !== SEED) i32[s * INT_SLOTS + FLAGS] = SERVICE;
  const ledger = makeLedger(params.method, graph, records);
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
    if (alo === 0xffff_ffff && ahi === 0xffff_ffff && graph.overflow.has(i)) {
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
    i32[a * INT_SLOTS + FLAGS] = (i32[a * INT_SLOTS + FLAGS] ?? 0) | OPEN;
    if (keepBalances) ledger.open(a, balances.get(a));
  };
  /** Records that taint reached `a` at time t, `h` hops out (keeping its shortest). */
  const reach = (a: number, h: number, t: number) => {
    const was = i32[a * INT_SLOTS + HOPS_PLUS_ONE] ?? 0;
    if (was === 0) f64[a * SLOTS + FIRST_SEEN] = t;
    if (was === 0 || h + 1 < was) i32[a * INT_SLOTS + HOPS_PLUS_ONE] = h + 1;
  };

  let i = lowerBound(time, start);
  if (keepBalances)
    for (let k = 0; k < i; k++) if (counts(k)) move(k, from[k] ?? 0, to[k] ?? 0, false);
  let transfersRead = 0;
  let touched = 0;
  let blockEnd = i;
  for (; i < count; i++) {
    if (i === blockEnd) {
      blockEnd = Math.min(i + PREFETCH_BLOCK, count);
      for (let k = i; k < blockEnd; k++)
        touched ^=
          (i32[(from[k] ?? 0) * INT_SLOTS + FLAGS] ?? 0) ^
          (i32[(to[k] ?? 0) * INT_SLOTS + FLAGS] ?? 0);
    }
    const t = time[i] ?? 0;
    if (t > end) break;
    if (!counts(i)) continue;
    transfersRead++;
    const s = from[i] ?? 0;
    const r = to[i] ?? 0;
    const fs = i32[s * INT_SLOTS + FLAGS] ?? 0;
    const fr = i32[r * INT_SLOTS + FLAGS] ?? 0;
    if (((fs | fr) & (SEED | OPEN)) === 0) {
      move(i, s, r, true);
      continue;
    }
    if ((fs & SEED) !== 0 && (i32[s * INT_SLOTS + HOPS_PLUS_ONE] ?? 0) === 0) reach(s, 0, t);
    const seedReceipt = (fr & SEED) !== 0;
    if ((fs & OPEN) === 0 && (fr & OPEN) === 0 && !seedReceipt) {
      move(i, s, r, true);
      continue;
    }
    if (seedReceipt && (fr & OPEN) === 0) openAddress(r);
    const carried = (fs & OPEN) !== 0 ? ledger.send(s, i) : 0n;
    const hopsOfSender = (i32[s * INT_SLOTS + HOPS_PLUS_ONE] ?? 0) - 1;
    const followed = (fs & SERVICE) === 0 && hopsOfSender < maxHops && hopsOfSender >= 0;
    const credit = seedReceipt ? amountAt(graph, i) : followed ? carried : 0n;
    if (credit > 0n && ((i32[r * INT_SLOTS + FLAGS] ?? 0) & OPEN) === 0) openAddress(r);
    if (((i32[r * INT_SLOTS + FLAGS] ?? 0) & OPEN) !== 0) ledger.receive(r, i, credit);
    move(i, s, r, true);
    if (credit === 0n) continue;
    taintIn.add(r, credit);
    if (keepEdges) pushEdge(i, credit);
    reach(r, seedReceipt ? 0 : hopsOfSender + 1, t);
  }
  prefetchSink[0] = touched;
  const reached: Reach[] = [];
  for (let a = 0; a < n; a++) {
    const h = (i32[a * INT_SLOTS + HOPS_PLUS_ONE] ?? 0) - 1;
    if (h < 0) continue;
    reached.push({
      address: a,
      asset,
      tainted: taintIn.get(a),
      received: received.get(a),
      hops: h,
      firstSeen: f64[a * SLOTS + FIRST_SEEN] ?? 0,
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
