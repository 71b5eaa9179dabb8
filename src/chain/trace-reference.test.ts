import { describe, expect, it } from "vitest";
import type { Method } from "./methods/ledger.js";
import { traceGraph } from "./trace-graph.js";
import { buildGraph } from "./transfer-graph.js";

interface Row {
  readonly time: number;
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
}

/**
 * The methods written the obvious way: every address's balance (or lots) kept from the first
 * transfer, no lazy replay, no typed arrays. The tracer must agree with it on any graph.
 */
function reference(
  rows: readonly Row[],
  method: Method,
  seed: number,
  services: ReadonlySet<number>,
  maxHops: number,
) {
  const balance = new Map<number, bigint>();
  const taint = new Map<number, bigint>();
  const lots = new Map<number, [bigint, boolean][]>();
  const poisoned = new Set<number>();
  const taintIn = new Map<number, bigint>();
  const hops = new Map<number, number>();
  for (const { from: s, to: r, amount } of rows) {
    if (s === r) continue;
    if (s === seed && !hops.has(s)) hops.set(s, 0);
    let carried = 0n;
    let pieces: [bigint, boolean][] = [];
    if (method === "poison") carried = poisoned.has(s) ? amount : 0n;
    else if (method === "haircut") {
      const b = balance.get(s) ?? 0n;
      const t = taint.get(s) ?? 0n;
      if (amount >= b) {
        carried = t;
        balance.set(s, 0n);
        taint.set(s, 0n);
      } else {
        carried = b === 0n ? 0n : (t * amount) / b;
        balance.set(s, b - amount);
        taint.set(s, t - carried);
      }
    } else {
      const q = lots.get(s) ?? [];
      let left = amount;
      while (left > 0n && q.length > 0) {
        const lot = q[0] as [bigint, boolean];
        // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min does not take
        const take = lot[0] < left ? lot[0] : left;
        pieces.push([take, lot[1]]);
        if (lot[1]) carried += take;
        left -= take;
        lot[0] -= take;
        if (lot[0] === 0n) q.shift();
      }
      if (left > 0n) pieces.push([left, false]);
      lots.set(s, q);
    }
    const hs = hops.get(s) ?? -1;
    const followed = hs >= 0 && hs < maxHops && !services.has(s);
    const credit = r === seed ? amount : followed ? carried : 0n;
    if (method === "poison" && credit > 0n) poisoned.add(r);
    if (method === "haircut") {
      balance.set(r, (balance.get(r) ?? 0n) + amount);
      taint.set(r, (taint.get(r) ?? 0n) + credit);
    }
    if (method === "fifo") {
      if (credit === 0n || credit === amount) pieces = [[amount, credit > 0n]];
      const q = lots.get(r) ?? [];
      for (const p of pieces) if (p[0] > 0n) q.push([p[0], p[1]]);
      lots.set(r, q);
    }
    if (credit > 0n) {
      taintIn.set(r, (taintIn.get(r) ?? 0n) + credit);
      const h = r === seed ? 0 : hs + 1;
      if (!hops.has(r) || h < (hops.get(r) ?? 0)) hops.set(r, h);
    }
  }
  return [...hops].map(([a, h]) => `${a}:${taintIn.get(a) ?? 0n}:${h}`).sort();
}

/** mulberry32, for graphs that are random but the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("traceGraph against the obvious implementation", () => {
  it.each(["poison", "haircut", "fifo"] as const)("agrees on 200 random graphs by %s", (method) => {
    for (let g = 0; g < 200; g++) {
      const rand = random(g + 1);
      const n = 3 + Math.floor(rand() * 12);
      const rows: Row[] = Array.from({ length: 5 + Math.floor(rand() * 60) }, (_, i) => ({
        time: Math.floor(i / (1 + Math.floor(rand() * 3))),
        from: Math.floor(rand() * n),
        to: Math.floor(rand() * n),
        // Some zero values, some amounts past 2^64 (the overflow path).
        amount:
          rand() < 0.1
            ? 0n
            : rand() < 0.1
              ? BigInt(Math.floor(rand() * 1e6)) * 10n ** 18n
              : BigInt(Math.floor(rand() * 1000)),
      }));
      const services = new Set(rand() < 0.5 ? [n - 1] : []);
      const maxHops = 1 + Math.floor(rand() * 5);
      const graph = buildGraph(
        rows.map((r) => ({
          tx: "",
          time: r.time,
          from: `a${r.from}`,
          to: `a${r.to}`,
          asset: "U",
          amount: r.amount,
        })),
      );
      const id = (a: number) => graph.idOf(`a${a}`) ?? -1;
      const traced = traceGraph(graph, {
        method,
        seeds: [id(0)].filter((s) => s >= 0),
        services: new Set([...services].map(id)),
        maxHops,
      });
      const got = traced.reached
        .map((r) => `${(graph.addresses[r.address] ?? "").slice(1)}:${r.tainted}:${r.hops}`)
        .sort();
      // The tracer sorts by time (stable: input order breaks ties); the reference reads rows so sorted.
      const ordered = [...rows].sort((a, b) => a.time - b.time);
      expect(got, `graph ${g}`).toEqual(reference(ordered, method, 0, services, maxHops));
    }
  });
});
