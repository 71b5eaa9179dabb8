import type { AddressLabel } from "./queries.js";
import { GraphBuilder, type TransferGraph } from "./transfer-graph.js";

/** How big a generated scenario is: total transfers and addresses, and the laundering's shape. */
export interface ScenarioSize {
  readonly transfers: number;
  readonly addresses: number;
  readonly tranches?: number;
  readonly fanout?: number;
  readonly peelHops?: number;
  readonly seed?: number;
}

/** The generated scenario: the graph, labels of its services, the theft address, and what was built where. */
export interface Scenario {
  readonly graph: TransferGraph;
  readonly labels: readonly AddressLabel[];
  readonly seeds: readonly string[];
  readonly truth: {
    readonly victim: string;
    readonly tranches: readonly string[];
    readonly peelChains: readonly (readonly string[])[];
    readonly fanoutLeaves: readonly string[];
    readonly otcDeposits: readonly string[];
    readonly exchangeDeposits: readonly string[];
    readonly bridge: string;
    readonly mixer: string;
    readonly lookalikes: readonly {
      readonly address: string;
      readonly imitates: string;
      readonly target: string;
    }[];
  };
}

const WEI = 10n ** 18n;
const T0 = Date.parse("2025-02-21T14:13:35Z");
const MINUTE = 60_000;

/** mulberry32: small, fast and deterministic, so the same size gives the same scenario. */
function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Event {
  readonly time: number;
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
}

/**
 * Generates a laundering scenario shaped like the February 2025 exchange theft: a victim's
 * cold wallet drained to one exploiter address, split into tranches; tranches that peel small
 * amounts to OTC deposit addresses down long chains, tranches that fan out to hundreds of
 * addresses which pay exchange deposit addresses and spend the rest into the economy, tranches
 * into a mixer in 100 ETH notes and into a bridge; clean funds merged into the chains;
 * zero-value look-alikes of counterparties (address poisoning); and unrelated traffic among
 * all addresses around it, which fills the requested size. Deterministic for a seed.
 */
export function generateScenario(size: ScenarioSize): Scenario {
  const rand = randomSource(size.seed ?? 20250221);
  const builder = new GraphBuilder(Math.max(1024, size.transfers));
  const hex = (n: number) =>
    Math.floor(rand() * 2 ** 32)
      .toString(16)
      .padStart(8, "0")
      .slice(0, n);
  const newAddress = () => builder.intern(`0x${hex(8)}${hex(8)}${hex(8)}${hex(8)}${hex(8)}`);
  const name = (id: number) => builder.addressOf(id);
  const population = Array.from({ length: Math.max(10, size.addresses - 2000) }, newAddress);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const victim = newAddress();
  const exploiter = newAddress();
  const bridge = newAddress();
  const mixer = newAddress();
  const otcHot = newAddress();
  const otcDeposits = Array.from({ length: 12 }, newAddress);
  const exchangeDeposits = Array.from({ length: 30 }, newAddress);
  const events: Event[] = [];
  const send = (time: number, from: number, to: number, amount: bigint) =>
    events.push({ time, from, to, amount });

  const theft = 401_346n * WEI + 768_858_404_671_846_374n;
  send(T0, victim, exploiter, theft);
  const trancheCount = size.tranches ?? 40;
  const share = theft / BigInt(trancheCount);
  const tranches = Array.from({ length: trancheCount }, newAddress);
  const peelChains: number[][] = [];
  const leaves: number[] = [];
  const lookalikes: { address: number; imitates: number; target: number }[] = [];
  tranches.forEach((tranche, k) => {
    let t = T0 + (k + 1) * MINUTE;
    send(
      t,
      exploiter,
      tranche,
      k === trancheCount - 1 ? theft - share * BigInt(trancheCount - 1) : share,
    );
    const balance = k === trancheCount - 1 ? theft - share * BigInt(trancheCount - 1) : share;
    t += 30 * MINUTE + Math.floor(rand() * 600 * MINUTE);
    switch (k % 4) {
      case 0: {
        const chain = [tranche];
        let current = tranche;
        let held = balance;
        for (let h = 0; h < (size.peelHops ?? 12); h++) {
          const next = newAddress();
          if (h === 0) {
            // A poisoner's look-alike of `next` sends `current` nothing, hoping to be copied.
            const fake = builder.intern(
              `${name(next).slice(0, 5)}${hex(8)}${hex(8)}${hex(8)}${hex(8)}${hex(1)}${name(next).slice(-4)}`,
            );
            send(t + MINUTE, fake, current, 0n);
            lookalikes.push({ address: fake, imitates: next, target: current });
          }
          if (h % 3 === 1) {
            // Clean funds merged into the chain: a third party pays the current hop.
            const clean = BigInt(1 + Math.floor(rand() * 50)) * WEI;
            send(t, pick(population), current, clean);
            held += clean;
          }
          const peel = (held * BigInt(3 + Math.floor(rand() * 6))) / 100n;
          send(t + 2 * MINUTE, current, pick(otcDeposits), peel);
          send(t + 3 * MINUTE, current, next, held - peel);
          held -= peel;
          chain.push(next);
          current = next;
          t += 20 * MINUTE + Math.floor(rand() * 120 * MINUTE);
        }
        send(t, current, bridge, held);
        peelChains.push(chain);
        break;
      }
      case 1: {
        const fan = size.fanout ?? 300;
        const part = balance / BigInt(fan);
        for (let j = 0; j < fan; j++) {
          const leaf = newAddress();
          leaves.push(leaf);
          const at = t + j * 10_000;
          send(at, tranche, leaf, part);
          const later = at + 60 * MINUTE + Math.floor(rand() * 2000 * MINUTE);
          send(later, leaf, pick(exchangeDeposits), (part * 7n) / 10n);
          send(later + MINUTE, leaf, pick(population), part - (part * 7n) / 10n);
        }
        break;
      }
      case 2: {
        const notes = balance / (100n * WEI);
        for (let j = 0n; j < notes; j++) send(t + Number(j) * 30_000, tranche, mixer, 100n * WEI);
        for (let j = 0n; j < notes; j++)
          send(t + 3 * 24 * 60 * MINUTE + Number(j) * 45_000, mixer, pick(population), 100n * WEI);
        break;
      }
      default:
        for (let j = 0n; j < 4n; j++)
          send(
            t + Number(j) * MINUTE,
            tranche,
            bridge,
            j === 3n ? balance - (balance / 4n) * 3n : balance / 4n,
          );
    }
  });
  for (const d of otcDeposits) send(T0 + 12 * 24 * 60 * MINUTE, d, otcHot, 1n);

  events.sort((a, b) => a.time - b.time);
  const background = Math.max(0, size.transfers - events.length);
  const start = T0 - 24 * 60 * MINUTE;
  const span = 14 * 24 * 60 * MINUTE;
  const services = [...otcDeposits, ...exchangeDeposits];
  let e = 0;
  for (let i = 0; i < background; i++) {
    const time = start + Math.floor((i * span) / background);
    while (e < events.length && (events[e] as Event).time <= time) {
      const ev = events[e++] as Event;
      builder.addIds("", ev.time, ev.from, ev.to, "ETH", ev.amount);
    }
    const from = pick(population);
    // One in fifty unrelated payments goes to a service, so services hold clean value too.
    const to = rand() < 0.02 ? pick(services) : pick(population);
    builder.addIds("", time, from, to, "ETH", BigInt(Math.floor(rand() * 5_000_000)) * 10n ** 12n);
  }
  for (; e < events.length; e++) {
    const ev = events[e] as Event;
    builder.addIds("", ev.time, ev.from, ev.to, "ETH", ev.amount);
  }
  const label = (list: readonly number[], labelText: string, category: string) =>
    list.map((a, i) => ({
      address: name(a),
      label: `${labelText} ${i + 1}`,
      category,
      source: "cordon demo",
    }));
  return {
    graph: builder.build(),
    labels: [
      ...label(otcDeposits, "OTC desk deposit", "otc"),
      ...label(exchangeDeposits, "Exchange deposit", "exchange"),
      {
        address: name(bridge),
        label: "Cross-chain bridge",
        category: "bridge",
        source: "cordon demo",
      },
      { address: name(mixer), label: "Mixer pool", category: "mixer", source: "cordon demo" },
      {
        address: name(otcHot),
        label: "OTC desk hot wallet",
        category: "otc",
        source: "cordon demo",
      },
      {
        address: name(victim),
        label: "Victim cold wallet",
        category: "victim",
        source: "cordon demo",
      },
    ],
    seeds: [name(exploiter)],
    truth: {
      victim: name(victim),
      tranches: tranches.map(name),
      peelChains: peelChains.map((c) => c.map(name)),
      fanoutLeaves: leaves.map(name),
      otcDeposits: otcDeposits.map(name),
      exchangeDeposits: exchangeDeposits.map(name),
      bridge: name(bridge),
      mixer: name(mixer),
      lookalikes: lookalikes.map((l) => ({
        address: name(l.address),
        imitates: name(l.imitates),
        target: name(l.target),
      })),
    },
  };
}
