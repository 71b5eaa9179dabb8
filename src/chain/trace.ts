import { Invalid } from "../model/index.js";
import { normalizeAddress } from "./address.js";
import type { AssetRegistry } from "./assets.js";
import { formatAmount, parseAmount } from "./decimal.js";
import { SERVICE_CATEGORIES } from "./label-csv.js";
import { findLookalikes } from "./lookalike.js";
import type { AddressLabel } from "./queries.js";
import { isoTime, parseTime } from "./time.js";
import { type GraphTrace, type TaintedEdges, traceGraph } from "./trace-graph.js";
import {
  type ServiceLanding,
  type TracedAddress,
  type TracedEdge,
  type TraceRequest,
  type TraceResult,
  traceId,
} from "./trace-result.js";
import { amountAt, type TransferGraph } from "./transfer-graph.js";

/** Labels by address, as a trace reads them. */
export type LabelIndex = ReadonlyMap<string, readonly AddressLabel[]>;

export function indexLabels(labels: readonly AddressLabel[]): Map<string, AddressLabel[]> {
  const out = new Map<string, AddressLabel[]>();
  for (const l of labels) out.set(l.address, [...(out.get(l.address) ?? []), l]);
  return out;
}

/** A seed list: addresses separated by commas, spaces or new lines (a file's content or `--seeds a,b`). */
export function parseSeeds(text: string, file = "seeds"): string[] {
  const issues = [];
  const seeds: string[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    for (const word of line
      .split(/[\s,;]+/)
      .filter((w) => w !== "" && !w.startsWith("#") && w.toLowerCase() !== "address")) {
      const normal = normalizeAddress(word);
      if (typeof normal === "string")
        issues.push({ file, line: i + 1, field: "address", message: normal, value: word });
      else seeds.push(normal.key);
    }
  }
  if (issues.length > 0)
    throw new Invalid("invalid_seeds", `${file}: ${issues.length} malformed addresses`, issues);
  if (seeds.length === 0) throw new Invalid("invalid_seeds", `${file}: no seed address`);
  return [...new Set(seeds)];
}

/**
 * Traces `request` over `graph` with the given labels (services are not followed; designated
 * wallets are flagged), and presents the result: reached addresses with exact decimal taint,
 * the tainted transfers, look-alikes flagged, and a summary. Pure: the caller loads and saves.
 */
export function traceTransfers(
  graph: TransferGraph,
  request: TraceRequest,
  labels: LabelIndex,
  assets: AssetRegistry,
  fingerprint: string,
): TraceResult {
  return traceWithEdges(graph, request, labels, assets, fingerprint).result;
}

/**
 * traceTransfers, with the graph position of each of the result's edges: a graph loaded
 * without its tx hashes (transfer-store.ts) has them looked up for those edges only.
 */
export function traceWithEdges(
  graph: TransferGraph,
  request: TraceRequest,
  labels: LabelIndex,
  assets: AssetRegistry,
  fingerprint: string,
): { readonly result: TraceResult; readonly edgePositions: Int32Array } {
  const serviceCategories = new Set(request.serviceCategories ?? SERVICE_CATEGORIES);
  const services = new Set<number>();
  for (const [address, list] of labels)
    if (list.some((l) => serviceCategories.has(l.category))) {
      const id = graph.idOf(address);
      if (id !== undefined) services.add(id);
    }
  const seeds = request.seeds.map((s) => graph.idOf(s)).filter((s): s is number => s !== undefined);
  const time = (text: string | undefined, field: string) => {
    if (text === undefined) return undefined;
    const t = parseTime(text);
    if (t === undefined)
      throw new Invalid("invalid_time", `--${field} ${text} is not ISO 8601 or Unix seconds`, [
        { field, message: "unparseable time", value: text },
      ]);
    return t;
  };
  const minAmount = new Map<string, bigint>();
  if (request.minAmount !== undefined)
    for (const symbol of graph.assets) {
      const units = parseAmount(request.minAmount, assets.get(symbol).decimals);
      if (typeof units === "string")
        throw new Invalid("invalid_amount", `--min-amount ${request.minAmount}: ${units}`, [
          { field: "minAmount", message: units, value: request.minAmount },
        ]);
      minAmount.set(symbol, units);
    }
  const from = time(request.from, "from");
  const to = time(request.to, "to");
  const traced = traceGraph(graph, {
    method: request.method,
    seeds,
    services,
    minAmount,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(request.maxHops === undefined ? {} : { maxHops: request.maxHops }),
  });
  const id = traceId(request, fingerprint);
  const kept = largestEdges(traced.edges, MAX_TRACE_EDGES);
  const context = { labels, services, assets, id, serviceCategories, kept };
  return {
    result: present(graph, request, traced, context),
    edgePositions: Int32Array.from(kept, (k) => traced.edges.index[k] ?? 0),
  };
}

/**
 * A trace keeps at most this many tainted transfers, those that carried the most taint: they
 * are what a graph view or an export can show (a trace of ten million transfers has millions),
 * and what a saved trace can hold. Every reached address is kept, whatever the count.
 */
export const MAX_TRACE_EDGES = 100_000;

/**
 * The places, ascending, of the `max` edges that carried the most taint (all when there are no
 * more). Ranked by the taint as a float64: exact enough to choose the largest flows, and a
 * typed-array sort instead of millions of bigint comparisons.
 */
export function largestEdges(edges: TaintedEdges, max: number): Int32Array {
  if (edges.count <= max) return Int32Array.from({ length: edges.count }, (_, k) => k);
  const size = new Float64Array(edges.count);
  for (let k = 0; k < edges.count; k++) size[k] = Number(edges.tainted[k] ?? 0n);
  const threshold = Float64Array.from(size).sort()[edges.count - max] ?? 0;
  const kept = new Int32Array(max);
  let n = 0;
  // Above the threshold first, then ties at it in order, up to max.
  for (let k = 0; k < edges.count && n < max; k++) if ((size[k] ?? 0) > threshold) kept[n++] = k;
  for (let k = 0; k < edges.count && n < max; k++) if (size[k] === threshold) kept[n++] = k;
  return kept.sort();
}

function present(
  graph: TransferGraph,
  request: TraceRequest,
  traced: GraphTrace,
  context: {
    labels: LabelIndex;
    services: ReadonlySet<number>;
    assets: AssetRegistry;
    id: string;
    serviceCategories: ReadonlySet<string>;
    /** Which of the tainted transfers to list (largestEdges). */
    kept: Int32Array;
  },
): TraceResult {
  const { labels, services, assets } = context;
  const decimals = (asset: number) => assets.get(graph.assets[asset] ?? "").decimals;
  const lookalikes = findLookalikes(graph, new Set(traced.reached.map((r) => r.address)));
  const byHops: Record<string, number> = {};
  const seeded: Record<string, bigint> = {};
  const landings = new Map<
    string,
    { label: string; category: string; asset: string; tainted: bigint; addresses: number }
  >();
  const designated: string[] = [];
  const addresses: TracedAddress[] = traced.reached
    .map((r) => {
      const address = graph.addresses[r.address] ?? "";
      const asset = graph.assets[r.asset] ?? "";
      const own = labels.get(address) ?? [];
      byHops[String(r.hops)] = (byHops[String(r.hops)] ?? 0) + 1;
      if (r.hops === 0) seeded[asset] = (seeded[asset] ?? 0n) + r.tainted;
      const isService = services.has(r.address) && r.hops > 0;
      if (isService)
        for (const l of own.filter((l) => context.serviceCategories.has(l.category))) {
          const key = `${l.label}|${l.category}|${asset}`;
          const landing = landings.get(key) ?? {
            label: l.label,
            category: l.category,
            asset,
            tainted: 0n,
            addresses: 0,
          };
          landing.tainted += r.tainted;
          landing.addresses += 1;
          landings.set(key, landing);
        }
      const isDesignated = own.some((l) => l.category === "designated");
      if (isDesignated) designated.push(address);
      const imitated = lookalikes.get(r.address)?.imitates;
      return {
        address,
        asset,
        tainted: formatAmount(r.tainted, decimals(r.asset)),
        received: formatAmount(r.received, decimals(r.asset)),
        hops: r.hops,
        labels: own.map((l) => `${l.category}: ${l.label}`),
        first_seen: isoTime(r.firstSeen),
        ...(isService ? { service: true } : {}),
        ...(isDesignated ? { designated: true } : {}),
        ...(imitated === undefined ? {} : { lookalike_of: graph.addresses[imitated] ?? "" }),
      };
    })
    .sort(
      (a, b) =>
        a.hops - b.hops || a.address.localeCompare(b.address) || a.asset.localeCompare(b.asset),
    );
  const edges: TracedEdge[] = [];
  for (const k of context.kept) {
    const i = traced.edges.index[k] ?? 0;
    const assetId = graph.asset[i] ?? 0;
    edges.push({
      tx: graph.tx[i] ?? "",
      time: isoTime(graph.time[i] ?? 0),
      from: graph.addresses[graph.from[i] ?? 0] ?? "",
      to: graph.addresses[graph.to[i] ?? 0] ?? "",
      asset: graph.assets[assetId] ?? "",
      amount: formatAmount(amountAt(graph, i), decimals(assetId)),
      tainted: formatAmount(traced.edges.tainted[k] ?? 0n, decimals(assetId)),
    });
  }
  const services2: ServiceLanding[] = [...landings.values()]
    .sort((a, b) => (b.tainted > a.tainted ? 1 : b.tainted < a.tainted ? -1 : 0))
    .map((l) => ({ ...l, tainted: formatAmount(l.tainted, assets.get(l.asset).decimals) }));
  return {
    id: context.id,
    request,
    summary: {
      summary: true,
      id: context.id,
      method: request.method,
      seeds: request.seeds,
      unknown_seeds: request.seeds.filter((seed) => graph.idOf(seed) === undefined),
      reached: addresses.length,
      by_hops: byHops,
      seeded: Object.fromEntries(
        Object.entries(seeded).map(([a, v]) => [a, formatAmount(v, assets.get(a).decimals)]),
      ),
      services: services2,
      designated: [...new Set(designated)],
      lookalikes: [...lookalikes].map(([a, l]) => ({
        address: graph.addresses[a] ?? "",
        lookalike_of: graph.addresses[l.imitates] ?? "",
        counterparty: graph.addresses[l.target] ?? "",
      })),
      transfers_read: traced.transfersRead,
      tainted_transfers: traced.edges.count,
      edges_kept: edges.length,
    },
    addresses,
    edges,
  };
}
