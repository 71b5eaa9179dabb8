import { describe, expect, it } from "vitest";
import { AssetRegistry } from "./assets.js";
import { generateScenario } from "./demo.js";
import { indexLabels, traceTransfers } from "./trace.js";

describe("generateScenario", () => {
  const scenario = generateScenario({ transfers: 30_000, addresses: 4_000 });
  const labels = indexLabels(scenario.labels);
  const run = (method: "poison" | "haircut" | "fifo") =>
    traceTransfers(
      scenario.graph,
      { seeds: scenario.seeds, method },
      labels,
      new AssetRegistry(),
      "test",
    );

  it("is deterministic and of the requested size", () => {
    const again = generateScenario({ transfers: 30_000, addresses: 4_000 });
    expect(scenario.graph.count).toBe(30_000);
    expect(again.seeds).toEqual(scenario.seeds);
    expect(again.truth.lookalikes).toEqual(scenario.truth.lookalikes);
  });

  it("traces the theft down every peel chain and fan-out into the services, not through them", () => {
    for (const method of ["poison", "haircut", "fifo"] as const) {
      const result = run(method);
      const by = new Map(result.addresses.map((a) => [a.address, a]));
      // A chain hop can be reached sooner: the clean funds merged into it come from the economy,
      // where the fan-out leaves spend.
      for (const chain of scenario.truth.peelChains)
        chain.forEach((address, h) => {
          expect(by.get(address)?.hops).toBeLessThanOrEqual(h + 1);
        });
      for (const tranche of scenario.truth.tranches) expect(by.get(tranche)?.hops).toBe(1);
      for (const leaf of scenario.truth.fanoutLeaves) expect(by.get(leaf)?.hops).toBe(2);
      expect(by.get(scenario.truth.mixer)?.service).toBe(true);
      expect(by.get(scenario.truth.bridge)?.service).toBe(true);
      // The OTC desks' deposit addresses sweep to their hot wallet: a service, so not followed.
      const landed = new Set(result.summary.services.map((s) => s.category));
      expect([...landed].sort()).toEqual(["bridge", "exchange", "mixer", "otc"]);
      expect(result.summary.services.some((s) => s.label === "OTC desk hot wallet")).toBe(false);
    }
  });

  it("passes the whole theft on to the tranches under haircut and FIFO, since the exploiter holds nothing else", () => {
    for (const method of ["haircut", "fifo"] as const) {
      const result = run(method);
      const units = (d: string) =>
        BigInt(d.split(".")[0] ?? "0") * 10n ** 18n +
        BigInt((d.split(".")[1] ?? "").padEnd(18, "0"));
      const out = result.edges
        .filter((e) => scenario.seeds.includes(e.from))
        .reduce((sum, e) => sum + units(e.tainted), 0n);
      expect(out).toBe(units(result.summary.seeded.ETH ?? "0"));
    }
  });

  it("flags the poisoners' zero-value look-alikes", () => {
    const result = run("haircut");
    const found = new Map(result.summary.lookalikes.map((l) => [l.address, l.lookalike_of]));
    for (const l of scenario.truth.lookalikes) expect(found.get(l.address)).toBe(l.imitates);
  });
});
