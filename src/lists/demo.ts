import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { CordonError } from "../model/index.js";
import { type Context, listVersions } from "../store/index.js";
import { fetchList } from "./fetch-list.js";
import { SOURCE_NAMES, SOURCES, type SourceName } from "./format.js";
import { recogniseFormat } from "./formats.js";
import { importList } from "./import-list.js";
import { readHead, sha256File } from "./input.js";

/** Where the demo's lists came from, as the server says at start-up. */
export type DemoOrigin = "data-dir" | "official-urls" | "fixture";

export interface DemoReport {
  readonly origin: DemoOrigin;
  readonly imported: readonly string[];
  readonly unchanged: readonly string[];
  /** Files that could not be imported (each logged with why). */
  readonly failed: readonly string[];
}

const FIXTURE_DIR = fileURLToPath(new URL("./fixtures/demo/", import.meta.url));

/**
 * Loads the demo: the list files found under `config.dataDir` when set, else the lists from
 * their official URLs, else the small fixture shipped with Cordon. Files already imported
 * (same content) are not imported again, so restarting is quick.
 */
export async function loadDemo(ctx: Context, log: (line: string) => void): Promise<DemoReport> {
  if (ctx.config.dataDir !== undefined) {
    log(`demo: loading the lists found in ${ctx.config.dataDir} (CORDON_DATA_DIR)`);
    return { origin: "data-dir", ...(await importFolder(ctx, ctx.config.dataDir, log)) };
  }
  const downloaded = ctx.config.offline ? [] : await downloadOfficialLists(log);
  if (downloaded.length > 0) {
    log("demo: loading the lists downloaded from their publishers");
    const result = await importFiles(ctx, downloaded, log);
    return { origin: "official-urls", ...result };
  }
  log(
    "demo: no CORDON_DATA_DIR and no official list reachable; loading Cordon's small demo fixture",
  );
  return { origin: "fixture", ...(await importFolder(ctx, FIXTURE_DIR, log)) };
}

interface ListFile {
  readonly path: string;
  readonly label: string;
  readonly source: SourceName;
}

/** Every list file under `root` (three levels deep), oldest first by the date in its name. */
export async function findListFiles(root: string): Promise<ListFile[]> {
  const found: ListFile[] = [];
  for (const path of walk(root, 3)) {
    const head = await readHead(path).catch(() => "");
    try {
      const format = recogniseFormat(head, path);
      found.push({ path, label: relative(process.cwd(), path) || path, source: format.source });
    } catch {
      // Not a list: AIS tracks, chain data and notes live beside the lists.
    }
  }
  const dateIn = (path: string) => /\d{4}-\d{2}-\d{2}/.exec(path)?.[0] ?? "";
  const order = (s: SourceName) => SOURCE_NAMES.indexOf(s);
  return found.sort(
    (a, b) =>
      order(a.source) - order(b.source) ||
      dateIn(a.path).localeCompare(dateIn(b.path)) ||
      a.path.localeCompare(b.path),
  );
}

async function importFolder(ctx: Context, root: string, log: (line: string) => void) {
  return importFiles(ctx, await findListFiles(root), log);
}

async function importFiles(ctx: Context, files: readonly ListFile[], log: (line: string) => void) {
  const imported: string[] = [];
  const unchanged: string[] = [];
  const failed: string[] = [];
  const known = new Set((await listVersions(ctx.db)).map((v) => v.content_sha256));
  for (const file of files) {
    if (known.has(await sha256File(file.path))) {
      unchanged.push(file.label);
      log(`demo: ${file.label} is already imported`);
      continue;
    }
    const started = Date.now();
    log(`demo: importing ${file.label} ...`);
    try {
      const result = await importList(ctx, {
        path: file.path,
        label: file.label,
        source: file.source,
        skipInvalid: true,
      });
      imported.push(file.label);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      log(
        `demo: ${file.label} → ${result.dataset} v${result.version}: ${result.entities.toLocaleString("en")} entities, ${result.added.toLocaleString("en")} new facts (${seconds} s)`,
      );
      if (result.skipped.length > 0)
        log(`demo:   ${result.skipped.length} problems in skipped records`);
    } catch (error) {
      // One unreadable file should not keep the others from the demo.
      failed.push(file.label);
      log(
        `demo: ${file.label} not imported: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { imported, unchanged, failed };
}

async function downloadOfficialLists(log: (line: string) => void): Promise<ListFile[]> {
  const files: ListFile[] = [];
  for (const name of SOURCE_NAMES.filter((s) => SOURCES[s].url !== "")) {
    const { url } = SOURCES[name];
    try {
      files.push({ path: await fetchList(url, 15_000), label: url, source: name });
    } catch (error) {
      log(`demo: ${error instanceof CordonError ? error.message : String(error)}`);
      if (files.length === 0) break; // No network at all: don't wait on every publisher in turn.
    }
  }
  return files;
}

function* walk(dir: string, depth: number): Iterable<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory() && depth > 0) yield* walk(path, depth - 1);
    else if (stat.isFile()) yield path;
  }
}
