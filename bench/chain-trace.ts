/**
 * The Cordon side of `npm run bench -- chain`, run in its own process so that /usr/bin/time
 * sees its peak memory alone:
 *   node --import tsx bench/chain-trace.ts generate DIR   writes the scenario as files for the peers
 *   node --import tsx bench/chain-trace.ts trace METHOD    traces the same scenario, prints JSON
 * The size comes from CORDON_BENCH_CHAIN_TRANSFERS and CORDON_BENCH_CHAIN_ADDRESSES (default
 * 10,000,000 and 1,000,000). `trace` builds the graph from the generator (the same data the
 * files hold, whole seconds included) rather than parsing a 1 GB CSV, and times the trace alone.
 */
import { createHash } from "node:crypto";
import {
  generateScenario,
  type Method,
  SERVICE_CATEGORIES,
  traceGraph,
  writeScenarioFiles,
} from "../src/chain/index.js";

export const SIZE = {
  transfers: Number(process.env.CORDON_BENCH_CHAIN_TRANSFERS ?? 10_000_000),
  addresses: Number(process.env.CORDON_BENCH_CHAIN_ADDRESSES ?? 1_000_000),
};
export const MAX_HOPS = 10;

/** What every implementation prints: reach, total taint in base units, and a digest of its lines. */
export interface TraceFigures {
  readonly loadSeconds: number;
  readonly traceSeconds: number;
  readonly reached: number;
  readonly taintedWei: string;
  /** SHA-256 of the sorted "address,tainted,hops" lines: equal digests, equal traces. */
  readonly digest: string;
}

export function digestOf(lines: string[]): string {
  lines.sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

function main(): void {
  const [mode, arg] = process.argv.slice(2);
  let started = performance.now();
  const scenario = generateScenario(SIZE);
  if (mode === "generate") {
    writeScenarioFiles(scenario, arg ?? ".");
    return;
  }
  const graph = scenario.graph;
  // The files hold whole seconds; so does this, so that every implementation reads one order.
  for (let i = 0; i < graph.count; i++)
    graph.time[i] = Math.floor((graph.time[i] ?? 0) / 1000) * 1000;
  const services = new Set(
    scenario.labels
      .filter((l) => SERVICE_CATEGORIES.includes(l.category))
      .map((l) => graph.idOf(l.address) ?? -1),
  );
  const loadSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const result = traceGraph(graph, {
    method: (arg ?? "haircut") as Method,
    seeds: scenario.seeds.map((s) => graph.idOf(s) ?? -1),
    maxHops: MAX_HOPS,
    services,
    edges: false,
  });
  const traceSeconds = (performance.now() - started) / 1000;
  let total = 0n;
  const lines = result.reached.map((r) => {
    total += r.tainted;
    return `${graph.addresses[r.address]},${r.tainted},${r.hops}`;
  });
  const figures: TraceFigures = {
    loadSeconds,
    traceSeconds,
    reached: result.reached.length,
    taintedWei: total.toString(),
    digest: digestOf(lines),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (process.argv[1]?.endsWith("chain-trace.ts")) main();
