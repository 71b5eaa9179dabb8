import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread on `module` (a `.js` or `.ts` URL beside the caller): compiled
 * JavaScript runs as it is; a TypeScript source (Cordon run by tsx or vitest) is loaded
 * through tsx inside the worker. tsx is found from this file, not from the working
 * directory, which an eval'd worker would resolve it against: `cordon` run from its sources
 * in another folder could not start its workers.
 */
export function startWorker(module: URL): Worker {
  if (!module.pathname.endsWith(".ts")) return new Worker(module);
  const boot = `import(${JSON.stringify(tsxApi())}).then((tsx) => {
    tsx.register();
    return import(${JSON.stringify(module.href)});
  });`;
  return new Worker(boot, { eval: true });
}

/** tsx's ESM API; vitest's module runner lacks import.meta.resolve, so it is found by require. */
function tsxApi(): string {
  if (typeof import.meta.resolve === "function") return import.meta.resolve("tsx/esm/api");
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  return pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
}

/** The URL of `name` (without extension) beside `base`, as the caller runs: `.ts` or `.js`. */
export function besideModule(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith(".ts") ? ".ts" : ".js"}`, base);
}
