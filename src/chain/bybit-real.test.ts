import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { AssetRegistry } from "./assets.js";
import { type TnaEdge, tnaTransfers } from "./bybit-graph.js";
import { indexLabels, traceTransfers } from "./trace.js";
import { buildGraph } from "./transfer-graph.js";

/** Real data beside the checkout; a missing file fails the test (CI has it). */
function shared(path: string): string {
  const full = fileURLToPath(new URL(`../../../shared/data/crypto/${path}`, import.meta.url));
  if (!existsSync(full)) throw new Error(`missing real data ${full}`);
  return full;
}

const EXPLOITER = "0x47666fab8bd0ac7003bce3f5c3585383f09486e2";
const edges: TnaEdge[] = (
  parse(gunzipSync(readFileSync(shared("bybit_tna/edges_from_gexf.csv.gz"))), {
    columns: true,
  }) as Record<string, string>[]
).map((r) => ({
  source: (r.source ?? "").toLowerCase(),
  target: (r.target ?? "").toLowerCase(),
  weight: BigInt(r.weight_raw_last_transfer_value ?? "0"),
}));
const labelled = (
  parse(readFileSync(shared("bybit_2025_eth_addresses_labeled.csv")), { columns: true }) as Record<
    string,
    string
  >[]
).map((r) => ({
  address: (r.address ?? "").toLowerCase(),
  label: r.label ?? "",
  side: r.side ?? "",
}));
const attackers = labelled.filter((l) => l.side.startsWith("attacker"));
const labels = indexLabels(
  attackers.map((l) => ({
    address: l.address,
    label: l.label,
    category: "attacker",
    source: "tayvano bybit.md",
  })),
);
const graph = buildGraph(tnaTransfers(edges, EXPLOITER));
const run = (method: "poison" | "haircut" | "fifo") =>
  traceTransfers(graph, { seeds: [EXPLOITER], method }, labels, new AssetRegistry(), "bybit-tna");

/** Static reachability over edges of positive weight, with breadth-first depth: what poison must match. */
function staticReach(): Map<string, number> {
  const out = new Map<string, string[]>();
  for (const e of edges)
    if (e.weight > 0n && e.source !== e.target)
      out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const depth = new Map([[EXPLOITER, 0]]);
  const queue = [EXPLOITER];
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head] ?? "";
    for (const next of out.get(at) ?? [])
      if (!depth.has(next)) {
        depth.set(next, (depth.get(at) ?? 0) + 1);
        queue.push(next);
      }
  }
  return depth;
}

describe("the February 2025 hack's graph, traced from the exploiter", () => {
  it("has the published shape", () => {
    expect(edges).toHaveLength(14_416);
    expect(graph.addresses).toHaveLength(11_340);
    expect(attackers).toHaveLength(71);
  });

  it("reaches, by poison, every address reachable over funded edges, at its breadth-first depth, the labelled attacker addresses among them", () => {
    const result = run("poison");
    const reach = staticReach();
    expect(new Map(result.addresses.map((a) => [a.address, a.hops]))).toEqual(reach);
    const inGraph = attackers.filter((a) => graph.idOf(a.address) !== undefined);
    const reachedAttackers = inGraph.filter((a) => reach.has(a.address));
    // Most attacker addresses in the graph are the tranche wallets the exploiter paid directly.
    expect(reachedAttackers.length).toBeGreaterThan(inGraph.length / 2);
    for (const a of reachedAttackers)
      expect(result.addresses.find((r) => r.address === a.address)?.labels).toEqual([
        `attacker: ${a.label}`,
      ]);
  });

  it("reaches the exploiter's tranche wallets by haircut and FIFO too, within what poison reaches", () => {
    const poisoned = new Set(run("poison").addresses.map((a) => a.address));
    // The tranche wallets ("Moved <date> (N ETH)") the exploiter paid itself; the stETH ones were paid by other attacker addresses.
    const paid = new Set(
      edges.filter((e) => e.source === EXPLOITER && e.weight > 0n).map((e) => e.target),
    );
    const tranches = attackers.filter((a) => /^Moved /i.test(a.label) && paid.has(a.address));
    expect(tranches.length).toBeGreaterThan(
      attackers.filter((a) => /^Moved /i.test(a.label)).length / 2,
    );
    for (const method of ["haircut", "fifo"] as const) {
      const result = run(method);
      const by = new Map(result.addresses.map((a) => [a.address, a]));
      for (const a of result.addresses) expect(poisoned.has(a.address)).toBe(true);
      for (const t of tranches) expect(by.get(t.address)?.hops).toBe(1);
    }
  });

  it("flags zero-value look-alikes of the attacker's counterparties", () => {
    const result = run("haircut");
    const visible = (a: string) => `${a.slice(2, 5)}…${a.slice(-4)}`;
    const flagged = result.summary.lookalikes;
    expect(flagged.length).toBeGreaterThan(0);
    for (const l of flagged) {
      expect(visible(l.address)).toBe(visible(l.lookalike_of));
      expect(l.address).not.toBe(l.lookalike_of);
    }
  });
});
