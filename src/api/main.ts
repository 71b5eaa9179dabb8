import { CordonError, loadConfig } from "../model/index.js";
import { openServerContext } from "./context.js";
import { loadDemo } from "./demo.js";
import { buildServer } from "./server.js";

/**
 * `npm start`: opens the store (migrating it), loads the demo with --demo (demo.ts), and serves
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
    if (argv.includes("--demo")) await loadDemo(ctx, log);
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
