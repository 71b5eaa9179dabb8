import type { AssetRegistry } from "./assets.js";
import { formatAmount, parseAmount } from "./decimal.js";
import { METHODS, type Method } from "./methods/ledger.js";
import type { LabelIndex } from "./trace.js";
import { traceTransfers } from "./trace.js";
import type { TraceRequest } from "./trace-result.js";
import type { TransferGraph } from "./transfer-graph.js";

export interface ExposureRequest extends Omit<TraceRequest, "method"> {
  /** The addresses whose exposure is asked (an exchange's deposit addresses). */
  readonly addresses: readonly string[];
  readonly methods?: readonly Method[];
}

/** One address's exposure to the traced funds by one method, for one asset. */
export interface ExposureRow {
  readonly address: string;
  readonly asset: string;
  readonly method: Method;
  readonly tainted: string;
  readonly received: string;
  /** Tainted / received, as a decimal fraction with 6 places ("0.250000"). */
  readonly share: string;
  /** Tainted value received straight from a seed. */
  readonly direct: string;
  readonly indirect: string;
  /** Tainted value by the hop count of the transfer that brought it (1 = from a seed). */
  readonly by_hops: Readonly<Record<string, string>>;
  readonly labels: readonly string[];
}

export interface ExposureSummary {
  readonly summary: true;
  readonly addresses: number;
  /** Per method and asset, the tainted value the addresses received together. */
  readonly tainted: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * How much of what reached `addresses` came from the seeds, by each method, directly and over
 * more hops. The addresses are treated as services (what they send is not followed), as a
 * deposit address's sends go to its own exchange and would count the same value twice.
 */
export function computeExposure(
  graph: TransferGraph,
  request: ExposureRequest,
  labels: LabelIndex,
  assets: AssetRegistry,
  fingerprint: string,
): { rows: ExposureRow[]; summary: ExposureSummary } {
  const targets = new Set(request.addresses);
  const withTargets = new Map(labels);
  for (const a of targets)
    withTargets.set(a, [
      ...(labels.get(a) ?? []),
      { address: a, label: "exposure target", category: "exposure-target", source: "request" },
    ]);
  const rows: ExposureRow[] = [];
  const totals: Record<string, Record<string, bigint>> = {};
  const { addresses: _, methods, ...rest } = request;
  for (const method of methods ?? METHODS) {
    const result = traceTransfers(
      graph,
      {
        ...rest,
        method,
        serviceCategories: [
          ...(request.serviceCategories ?? ["exchange", "otc", "bridge", "mixer"]),
          "exposure-target",
        ],
      },
      withTargets,
      assets,
      fingerprint,
    );
    const hopsOf = new Map(result.addresses.map((a) => [`${a.address}|${a.asset}`, a.hops]));
    const into = new Map<string, Map<number, bigint>>();
    for (const e of result.edges) {
      if (!targets.has(e.to)) continue;
      const hop = (hopsOf.get(`${e.from}|${e.asset}`) ?? 0) + 1;
      const key = `${e.to}|${e.asset}`;
      const byHop = into.get(key) ?? new Map<number, bigint>();
      const decimals = assets.get(e.asset).decimals;
      byHop.set(hop, (byHop.get(hop) ?? 0n) + (parseAmount(e.tainted, decimals) as bigint));
      into.set(key, byHop);
    }
    for (const a of result.addresses) {
      if (!targets.has(a.address)) continue;
      const decimals = assets.get(a.asset).decimals;
      const tainted = parseAmount(a.tainted, decimals) as bigint;
      const received = parseAmount(a.received, decimals) as bigint;
      const byHop = into.get(`${a.address}|${a.asset}`) ?? new Map<number, bigint>();
      const direct = byHop.get(1) ?? 0n;
      const perMethod = totals[method] ?? {};
      perMethod[a.asset] = (perMethod[a.asset] ?? 0n) + tainted;
      totals[method] = perMethod;
      rows.push({
        address: a.address,
        asset: a.asset,
        method,
        tainted: a.tainted,
        received: a.received,
        share: received === 0n ? "0" : formatAmount((tainted * 1_000_000n) / received, 6),
        direct: formatAmount(direct, decimals),
        indirect: formatAmount(tainted - direct, decimals),
        by_hops: Object.fromEntries(
          [...byHop]
            .sort((x, y) => x[0] - y[0])
            .map(([h, v]) => [String(h), formatAmount(v, decimals)]),
        ),
        labels: a.labels.filter((l) => !l.startsWith("exposure-target:")),
      });
    }
  }
  return {
    rows,
    summary: {
      summary: true,
      addresses: targets.size,
      tainted: Object.fromEntries(
        Object.entries(totals).map(([m, byAsset]) => [
          m,
          Object.fromEntries(
            Object.entries(byAsset).map(([asset, v]) => [
              asset,
              formatAmount(v, assets.get(asset).decimals),
            ]),
          ),
        ]),
      ),
    },
  };
}
