import { describe, expect, it } from "vitest";
import { largestEdges } from "./trace.js";
import type { TaintedEdges } from "./trace-graph.js";

const edges = (tainted: bigint[]): TaintedEdges => ({
  count: tainted.length,
  index: Int32Array.from(tainted, (_, k) => 10 * k),
  tainted,
});

describe("which tainted transfers a trace keeps", () => {
  it("keeps every one while there are no more than the limit", () => {
    expect([...largestEdges(edges([3n, 1n, 2n]), 3)]).toEqual([0, 1, 2]);
  });

  it("keeps the ones that carried most, in graph order, ties in order", () => {
    expect([...largestEdges(edges([5n, 1n, 9n, 9n, 3n]), 2)]).toEqual([2, 3]);
    expect([...largestEdges(edges([5n, 1n, 9n, 9n, 3n]), 3)]).toEqual([0, 2, 3]);
    expect([...largestEdges(edges([4n, 4n, 4n, 1n]), 2)]).toEqual([0, 1]);
  });

  it("ranks amounts past 2^64 wei", () => {
    const whale = 2n ** 70n;
    expect([...largestEdges(edges([1n, whale, 2n ** 65n]), 1)]).toEqual([1]);
  });
});
