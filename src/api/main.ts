import { type DemoReport, loadDemo } from "../lists/index.js";
import { type Config, CordonError, loadConfig } from "../model/index.js";
import { type Context, openServerContext } from "./context.js";
import { buildServer } from "./server.js";

/**
 * `npm start`: opens the store (migrating it), loads the demo lists with --demo, and serves
 * HTTP on HOST:PORT until SIGINT or SIGTERM, which close the server and then the store.
 */
async function main(argv: readonly string[]): Promise<number> {
  const config = loadConfig();
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    return fail(`PORT must be a number from 0 to 65535, not "${process.env.PORT}"`);
  }
  const started = performance.now();
  const where = config.databaseUrl === undefined ? `PGlite in ${config.home}` : "DATABASE_URL";
  log(`opening the store (${where})`);
  const { ctx, close } = await openServerContext(config);
  try {
    if (argv.includes("--demo")) await loadDemoLists(ctx, config);
    const app = await buildServer(ctx, { logger: { level: "warn" } });
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (error) {
      await app.close();
      if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
        return await closeAndFail(
          close,
          `port ${config.port} on ${config.host} is already in use; stop the other server or set PORT to a free port`,
        );
      throw error;
    }
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    const base = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Cordon is running at ${base} (started in ${seconds} s)`);
    console.log(`API documentation at ${base}/docs (OpenAPI: ${base}/openapi.json)`);
    await shutdownOnSignal(async () => {
      await app.close();
      await close();
    });
    return 0;
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

async function loadDemoLists(ctx: Context, config: Config): Promise<void> {
  if (config.offline && config.dataDir === undefined)
    log("demo: CORDON_OFFLINE is set; not downloading the official lists");
  let report: DemoReport;
  try {
    report = await loadDemo(ctx, (line) => log(line));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`demo: could not load the demo lists (${reason}); serving what the store already holds`);
    return;
  }
  if (report.imported.length + report.unchanged.length === 0) {
    const folder = report.origin === "data-dir" ? config.dataDir : "the demo fixture folder";
    log(`demo: no list file found in ${folder}; serving what the store already holds`);
  }
}

function shutdownOnSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      log(`${signal}: closing the server and the store`);
      stop().then(resolve, reject);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

async function closeAndFail(close: () => Promise<void>, message: string): Promise<number> {
  await close();
  return fail(message);
}

function fail(message: string): number {
  console.error(`error: ${message}`);
  return 1;
}

function log(line: string): void {
  console.log(line);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message =
    error instanceof CordonError ? error.message : error instanceof Error ? error.stack : error;
  console.error(`error: ${message}`);
  process.exitCode = 1;
}
