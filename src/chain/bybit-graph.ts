import type { Transfer } from "./transfer.js";

/** One edge of the February 2025 hack's transaction graph (we-stronger/bybit-incident-tna). */
export interface TnaEdge {
  readonly source: string;
  readonly target: string;
  /** Raw integer of the last transfer seen between the pair (not a sum; token decimals mixed). */
  readonly weight: bigint;
}

/**
 * Turns the timeless edge list of the hack's graph into transfers a tracer can read. The
 * graph has no times, so an order is made in which funds can flow: breadth-first from `root`
 * over edges of positive weight, an address's edges in before its edges out (the root's
 * incoming edges first, so the theft lands before it is spent); the other edges (zero-value,
 * unreachable) follow in file order. Times are `start` plus one second per position. Amounts are
 * the raw weights as base units of ETH, which they are not all: see docs/chain.md.
 */
export function tnaTransfers(
  edges: readonly TnaEdge[],
  root: string,
  start = Date.parse("2025-02-21T14:13:35Z"),
): Transfer[] {
  const out = new Map<string, number[]>();
  edges.forEach((e, i) => {
    if (e.weight > 0n && e.source !== e.target)
      out.set(e.source, [...(out.get(e.source) ?? []), i]);
  });
  const order: number[] = [];
  const used = new Uint8Array(edges.length);
  const take = (i: number) => {
    if (used[i] === 1) return;
    used[i] = 1;
    order.push(i);
  };
  edges.forEach((e, i) => {
    if (e.target === root && e.weight > 0n && e.source !== root) take(i);
  });
  const seen = new Set([root]);
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    for (const i of out.get(queue[head] ?? "") ?? []) {
      take(i);
      const next = edges[i]?.target ?? "";
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  edges.forEach((_, i) => {
    take(i);
  });
  return order.map((i, k) => {
    const e = edges[i] as TnaEdge;
    return {
      tx: `tna-${i}`,
      time: start + k * 1000,
      from: e.source,
      to: e.target,
      asset: "ETH",
      amount: e.weight,
    };
  });
}
