import { describe, expect, it } from "vitest";
import type { Method } from "./methods/ledger.js";
import { type TraceParams, traceGraph } from "./trace-graph.js";
import { buildGraph } from "./transfer-graph.js";

/** A graph from "time from to amount" lines, in integer units of one asset "U". */
function graphOf(lines: string) {
  return buildGraph(
    lines
      .trim()
      .split("\n")
      .map((line) => {
        const [time, from, to, amount] = line.trim().split(/\s+/);
        return {
          tx: "",
          time: Number(time),
          from: from ?? "",
          to: to ?? "",
          asset: "U",
          amount: BigInt(amount ?? "0"),
        };
      }),
  );
}

/** Traces from the named seeds; returns address → [tainted, received, hops]. */
function trace(
  lines: string,
  method: Method,
  seeds: readonly string[],
  extra: Partial<Omit<TraceParams, "seeds" | "services">> & { services?: readonly string[] } = {},
) {
  const graph = graphOf(lines);
  const id = (a: string) => graph.idOf(a) ?? -1;
  const result = traceGraph(graph, {
    ...extra,
    method,
    seeds: seeds.map(id),
    services: new Set((extra.services ?? []).map(id)),
  });
  return Object.fromEntries(
    result.reached.map((r) => [
      graph.addresses[r.address],
      [Number(r.tainted), Number(r.received), r.hops],
    ]),
  );
}

// A theft lands on S; S passes it to A, which peels 10 off at each hop down a chain.
const PEEL = `
  1 V S 100
  2 S A 100
  3 A P1 10
  4 A B 90
  5 B P2 10
  6 B C 80
  7 C P3 10`;

// M holds 30 clean before 10 tainted arrive, then sends 20 twice.
const MERGE = `
  1 V S 10
  2 K M 30
  3 S M 10
  4 M Y 20
  5 M Z 20`;

describe("traceGraph", () => {
  it.each(["poison", "haircut", "fifo"] as const)("follows a peel chain whole by %s", (method) => {
    expect(trace(PEEL, method, ["S"])).toEqual({
      S: [100, 100, 0],
      A: [100, 100, 1],
      P1: [10, 10, 2],
      B: [90, 90, 2],
      P2: [10, 10, 3],
      C: [80, 80, 3],
      P3: [10, 10, 4],
    });
  });

  it("tells the three methods apart on a merge of clean and tainted funds", () => {
    const base = { S: [10, 10, 0], M: [10, 40, 1] };
    // Poison: M is poisoned, both sends are tainted whole.
    expect(trace(MERGE, "poison", ["S"])).toEqual({ ...base, Y: [20, 20, 2], Z: [20, 20, 2] });
    // Haircut: 10/40 of the first 20 is 5; the second send empties M and carries the other 5.
    expect(trace(MERGE, "haircut", ["S"])).toEqual({ ...base, Y: [5, 20, 2], Z: [5, 20, 2] });
    // FIFO: the 30 clean leave first, so Y gets clean value only and Z gets 10 clean + 10 tainted.
    expect(trace(MERGE, "fifo", ["S"])).toEqual({ ...base, Z: [10, 20, 2] });
  });

  it("tops up a shortfall with clean funds, and floors haircut shares to the base unit", () => {
    const lines = `
      1 V S 10
      2 S A 10
      3 A B 15
      4 B C 10`;
    // A sends 15 with 10 known: all its taint goes. B then holds 15 of which 10 are tainted.
    expect(trace(lines, "haircut", ["S"])).toMatchObject({ B: [10, 15, 2], C: [6, 10, 3] });
    // FIFO: B's lots are [10 tainted, 5 clean shortfall], so its 10 out are all tainted.
    expect(trace(lines, "fifo", ["S"])).toMatchObject({ B: [10, 15, 2], C: [10, 10, 3] });
  });

  it("reads in time order, then input order; a send before the taint arrives is clean", () => {
    const early = `
      1 K A 50
      2 A B 20
      3 V S 10
      4 S A 10
      4 A C 30`;
    for (const method of ["poison", "haircut", "fifo"] as const) {
      const result = trace(early, method, ["S"]);
      expect(result.B).toBeUndefined();
      expect(result.A).toEqual([10, 60, 1]);
    }
    // A holds 30 clean + 10 tainted when it sends 30 at the same time, after the receipt:
    // haircut 10/40 × 30 = 7.5, floored; FIFO sends the 30 clean first.
    expect(trace(early, "haircut", ["S"]).C).toEqual([7, 30, 2]);
    expect(trace(early, "fifo", ["S"]).C).toBeUndefined();
    expect(trace(early, "poison", ["S"]).C).toEqual([30, 30, 2]);
  });

  it("takes hops from the shortest time-ordered chain, not the shortest path", () => {
    const lines = `
      1 V S 10
      2 S A 5
      3 A B 5
      4 B D 5
      5 S D 5`;
    expect(trace(lines, "poison", ["S"]).D).toEqual([10, 10, 1]);
    // E is first reached over two hops (S→D→E) and later over two as well (S→A→E).
    const later = `
      1 V S 10
      2 S D 5
      3 D E 5
      4 S A 5
      5 A E 5`;
    expect(trace(later, "poison", ["S"]).E).toEqual([10, 10, 2]);
  });

  it("drops self-transfers, ignores dust below the minimum, never poisons by zero value", () => {
    const lines = `
      1 V S 10
      2 S S 10
      3 S A 0
      4 S B 1
      5 A C 5
      6 S D 9`;
    const result = trace(lines, "poison", ["S"], { minAmount: new Map([["U", 2n]]) });
    expect(result).toEqual({ S: [10, 10, 0], D: [9, 9, 1] });
    const all = trace(lines, "poison", ["S"]);
    expect(all.B).toEqual([1, 1, 1]);
    expect(all.A).toBeUndefined();
    expect(all.C).toBeUndefined();
  });

  it("reports services without following them, and stops at --max-hops", () => {
    expect(trace(PEEL, "haircut", ["S"], { services: ["B"] })).toEqual({
      S: [100, 100, 0],
      A: [100, 100, 1],
      P1: [10, 10, 2],
      B: [90, 90, 2],
    });
    expect(Object.keys(trace(PEEL, "fifo", ["S"], { maxHops: 2 })).sort()).toEqual([
      "A",
      "B",
      "P1",
      "S",
    ]);
  });

  it("taints only what a seed receives from --from on", () => {
    const lines = `
      1 V S 10
      5 W S 10
      6 S A 20`;
    expect(trace(lines, "haircut", ["S"], { from: 5 })).toEqual({ S: [10, 10, 0], A: [10, 20, 1] });
    expect(trace(lines, "fifo", ["S"], { from: 5 })).toEqual({ S: [10, 10, 0], A: [10, 20, 1] });
    expect(trace(lines, "haircut", ["S"], { to: 5 })).toEqual({ S: [20, 20, 0] });
  });
});
