import { existsSync } from "node:fs";
import { join } from "node:path";
import { seedAccessDemo } from "../access/index.js";
import { seedCaseworkDemo } from "../casework/index.js";
import { loadDemoScenario as loadChainDemo } from "../chain/index.js";
import { type DemoReport, loadDemo as loadDemoLists } from "../lists/index.js";
import {
  generateScenario,
  importAis,
  listEvents,
  runDetection,
  writeDemo,
} from "../maritime/index.js";
import type { Context } from "./context.js";

type Log = (line: string) => void;

/** The chain demo's size: small enough to load in seconds, big enough to trace through. */
const CHAIN_DEMO = { transfers: 20_000, addresses: 5_000, seed: 20250221 } as const;

/**
 * `npm start`'s demo: the designation lists, then the demo organisations and users, the two
 * demo cases (an STS transfer and a crypto laundering case), the laundering graph and the
 * maritime scenario. Each part that fails is logged and skipped: the server still starts with
 * what the store holds. Every part is idempotent, so a restart adds nothing.
 */
export async function loadDemo(ctx: Context, log: Log): Promise<void> {
  await step(log, "lists", () => loadLists(ctx, log));
  await step(log, "organisations and users", () => loadUsers(ctx, log));
  await step(log, "casework", async () => {
    const report = await seedCaseworkDemo(ctx);
    log(
      report.created
        ? `demo: casework: ${report.incidents} incidents with ${report.evidence} evidence items`
        : "demo: casework: already loaded",
    );
  });
  await step(log, "chain", async () => {
    const scenario = await loadChainDemo(ctx, CHAIN_DEMO);
    log(
      `demo: chain: ${scenario.graph.count} transfers, ${scenario.labels.length} labelled addresses; seeds ${scenario.seeds.join(", ")}`,
    );
  });
  await step(log, "maritime scenario", () => loadMaritime(ctx, log));
}

async function step(log: Log, name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`demo: could not load the ${name} (${reason}); going on without`);
  }
}

async function loadLists(ctx: Context, log: Log): Promise<void> {
  if (ctx.config.offline && ctx.config.dataDir === undefined)
    log("demo: CORDON_OFFLINE is set; not downloading the official lists");
  const report: DemoReport = await loadDemoLists(ctx, log);
  if (report.imported.length + report.unchanged.length === 0) {
    const folder = report.origin === "data-dir" ? ctx.config.dataDir : "the demo fixture folder";
    log(`demo: no list file found in ${folder}; serving what the store already holds`);
  }
}

async function loadUsers(ctx: Context, log: Log): Promise<void> {
  const demo = await seedAccessDemo(ctx);
  const analyst = demo.users.find((user) => user.roles.includes("analyst") && !user.totp);
  const coordinator = demo.users.find((user) => user.roles.includes("coordinator"));
  log(`demo: ${demo.users.length} demo users in ${demo.orgsCreated} new organisations`);
  if (analyst !== undefined)
    log(`demo: log in at /ui/login as ${analyst.username}, password ${analyst.password}`);
  if (coordinator?.totp !== undefined)
    log(
      `demo: ${coordinator.username} (password ${coordinator.password}) needs a TOTP code: add ${coordinator.totp.uri} to an authenticator`,
    );
}

/**
 * A week of AIS traffic in the Korea Bay and the Sea of Japan with planted STS transfers,
 * dark tankers and Nampo calls, imported and run through the detectors. Loitering is left
 * out of the stored events: with ports standing for the shore (no coastline data) it fires on
 * every slow fishing boat; `cordon ais detect --kinds loitering` runs it on demand.
 */
async function loadMaritime(ctx: Context, log: Log): Promise<void> {
  const dir = join(ctx.config.home, "demo", "maritime");
  const positions = join(dir, "ais.csv");
  if (existsSync(positions) && (await listEvents(ctx, { limit: 1 })).length > 0) {
    log("demo: maritime: already loaded (see /ui/maritime)");
    return;
  }
  if (!existsSync(positions)) await writeDemo(generateScenario(), dir);
  const imported = await importAis(ctx, [positions]);
  const { events } = await runDetection(ctx, {
    detect: { kinds: ["encounter", "gap", "port-call", "identity"] },
    store: true,
  });
  log(
    `demo: maritime: ${imported.positions} new positions from ${positions}; ${events.length} events stored (see /ui/maritime)`,
  );
}
