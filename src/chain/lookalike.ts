import { amountAt, type TransferGraph } from "./transfer-graph.js";

export interface LookalikeOptions {
  /** Characters compared at the start (after 0x) and at the end: 3 and 4, as poisoners match what wallets show. */
  readonly prefix?: number;
  readonly suffix?: number;
  /** Base units at or below which value between the pair counts as dust (default 0: zero-value only). */
  readonly dust?: bigint;
}

/** An address that imitates another one towards a common counterparty. */
export interface Lookalike {
  readonly imitates: number;
  readonly target: number;
}

/** The visible part of an address a poisoner imitates: its head after the format's prefix, and its tail. */
function visibleKey(address: string, prefix: number, suffix: number): string {
  const body = address.replace(/^(0x|bc1q|bc1p|ltc1q)/i, "");
  return `${body.slice(0, prefix)}…${body.slice(-suffix)}`;
}

/**
 * Address-poisoning look-alikes around `around` (reached addresses): for each such address R,
 * among R and its counterparties, an address that shares the visible head and tail of another
 * one and exchanged only zero or dust value with R imitates it (the poisoner hopes R copies it
 * from its history). Returns each look-alike with the address it imitates (the one with the
 * most value exchanged with R) and R, the counterparty it targets. Only an R that exchanged
 * dust with someone can be a target (see dustTargets).
 */
export function findLookalikes(
  graph: TransferGraph,
  around: ReadonlySet<number>,
  options: LookalikeOptions = {},
): Map<number, Lookalike> {
  const prefix = options.prefix ?? 3;
  const suffix = options.suffix ?? 4;
  const dust = options.dust ?? 0n;
  const targets = dustTargets(graph, around, dust);
  const exchanged = new Map<number, Map<number, bigint>>();
  if (targets.size === 0) return new Map();
  for (let i = 0; i < graph.count; i++) {
    const f = graph.from[i] ?? 0;
    const t = graph.to[i] ?? 0;
    if (f === t) continue;
    for (const [r, other] of [
      [f, t],
      [t, f],
    ] as const) {
      if (!targets.has(r)) continue;
      let m = exchanged.get(r);
      if (m === undefined) {
        m = new Map();
        exchanged.set(r, m);
      }
      m.set(other, (m.get(other) ?? 0n) + amountAt(graph, i));
    }
  }
  const out = new Map<number, Lookalike>();
  for (const [r, counterparts] of exchanged) {
    const groups = new Map<string, number[]>();
    for (const a of [r, ...counterparts.keys()]) {
      const key = visibleKey(graph.addresses[a] ?? "", prefix, suffix);
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    for (const members of groups.values()) {
      if (members.length < 2) continue;
      const value = (a: number) => (a === r ? Number.MAX_VALUE : Number(counterparts.get(a) ?? 0n));
      const genuine = members.reduce((best, a) => (value(a) > value(best) ? a : best));
      for (const a of members)
        if (a !== genuine && a !== r && (counterparts.get(a) ?? 0n) <= dust && !out.has(a))
          out.set(a, { imitates: genuine, target: r });
    }
  }
  return out;
}

/**
 * The addresses of `around` that a look-alike could target: those that exchanged zero or dust
 * value with someone (a look-alike sent them only that). Only their counterparties are
 * tallied: tallying every reached address's (a million, over ten million transfers) took
 * gigabytes, and in real data a dust transfer is rare.
 */
function dustTargets(graph: TransferGraph, around: ReadonlySet<number>, dust: bigint): Set<number> {
  const reached = new Uint8Array(graph.addresses.length);
  for (const a of around) reached[a] = 1;
  const targets = new Set<number>();
  // Zero-value transfers (the default) are told by their two 32-bit words, without a bigint.
  const words = new Uint32Array(graph.amount.buffer, graph.amount.byteOffset, graph.count * 2);
  for (let i = 0; i < graph.count; i++) {
    const f = graph.from[i] ?? 0;
    const t = graph.to[i] ?? 0;
    const rf = reached[f] === 1;
    const rt = reached[t] === 1;
    if (f === t || (!rf && !rt)) continue;
    const dusty =
      dust === 0n ? words[2 * i] === 0 && words[2 * i + 1] === 0 : amountAt(graph, i) <= dust;
    if (!dusty) continue;
    if (rf) targets.add(f);
    if (rt) targets.add(t);
  }
  return targets;
}
