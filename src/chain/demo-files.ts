import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { appendAudit, type Context } from "../store/index.js";
import { formatAmount } from "./decimal.js";
import { generateScenario, type Scenario, type ScenarioSize } from "./demo.js";
import { insertLabels } from "./queries.js";
import type { Transfer } from "./transfer.js";
import { amountAt, type TransferGraph } from "./transfer-graph.js";
import { storeTransfers } from "./transfer-store.js";

/** The graph's transfers as Transfer objects (small graphs: the demo, tests). */
function transfersOf(graph: TransferGraph): Transfer[] {
  const out: Transfer[] = [];
  for (let i = 0; i < graph.count; i++)
    out.push({
      tx: graph.tx[i] ?? "",
      time: graph.time[i] ?? 0,
      from: graph.addresses[graph.from[i] ?? 0] ?? "",
      to: graph.addresses[graph.to[i] ?? 0] ?? "",
      asset: graph.assets[graph.asset[i] ?? 0] ?? "",
      amount: amountAt(graph, i),
    });
  return out;
}

/**
 * Writes a scenario as files the CLI imports and the benchmark's peers read: transfers.csv
 * (`tx,time,from,to,asset,amount`, Unix seconds, ETH decimals), labels.csv and seeds.txt.
 * Streams in 4 MB chunks, so ten million rows do not sit in memory as one string.
 */
export function writeScenarioFiles(
  scenario: Scenario,
  dir: string,
): { transfers: string; labels: string; seeds: string } {
  mkdirSync(dir, { recursive: true });
  const paths = {
    transfers: join(dir, "transfers.csv"),
    labels: join(dir, "labels.csv"),
    seeds: join(dir, "seeds.txt"),
  };
  const fd = openSync(paths.transfers, "w");
  const g = scenario.graph;
  let chunk = "tx,time,from,to,asset,amount\n";
  for (let i = 0; i < g.count; i++) {
    chunk += `${g.tx[i] || `0x${i.toString(16).padStart(64, "0")}`},${Math.floor((g.time[i] ?? 0) / 1000)},${g.addresses[g.from[i] ?? 0]},${g.addresses[g.to[i] ?? 0]},${g.assets[g.asset[i] ?? 0]},${formatAmount(amountAt(g, i), 18)}\n`;
    if (chunk.length > 4_000_000) {
      writeSync(fd, chunk);
      chunk = "";
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  writeFileSync(
    paths.labels,
    `address,label,category,source\n${scenario.labels.map((l) => `${l.address},"${l.label}",${l.category},${l.source}`).join("\n")}\n`,
  );
  writeFileSync(paths.seeds, `${scenario.seeds.join("\n")}\n`);
  return paths;
}

/** Generates a scenario and stores its transfers and labels, as `cordon chain demo` does. */
export async function loadDemoScenario(ctx: Context, size: ScenarioSize): Promise<Scenario> {
  const scenario = generateScenario(size);
  const id = `demo-${size.transfers}-${size.addresses}-${size.seed ?? 20250221}`;
  // Times are whole seconds in files; stored the same, so a re-import of the files matches.
  const transfers = transfersOf(scenario.graph).map((t, i) => ({
    ...t,
    tx: `0x${i.toString(16).padStart(64, "0")}`,
    time: Math.floor(t.time / 1000) * 1000,
  }));
  // Loaded before (the same id, every transfer already stored): nothing more to record.
  await storeTransfers(ctx, transfers, id, async ({ added }) => {
    if (added === 0) return;
    await ctx.db.transaction().execute(async (trx) => {
      await insertLabels(trx, scenario.labels, new Date());
      await appendAudit(trx, {
        actor: ctx.actor,
        action: "chain.demo",
        subject: id,
        detail: { transfers: transfers.length, labels: scenario.labels.length },
      });
    });
  });
  return scenario;
}
