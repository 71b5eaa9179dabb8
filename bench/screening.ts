/**
 * The screening benchmark (`npm run bench -- screening`, or alone:
 * `node --expose-gc --import tsx bench/screening.ts [--negatives N] [--json]`).
 * Loads UN + OFAC (advanced XML) + EU + UK into an in-memory PGlite store, builds the candidate
 * index (time, heap), screens the yente UN positives (treated: typos and reorderings) and N
 * synthetic negatives one after another on one core (queries/s, p50, p99, recall@1 against
 * the UN list, false-positive rate), and runs the same names through PostgreSQL's pg_trgm
 * similarity search on the server (the peer: what a team without a screening engine uses).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { importList } from "../src/lists/index.js";
import { cleanDate, countryCode, loadConfig } from "../src/model/index.js";
import {
  CandidateIndex,
  candidateIndex,
  DEFAULT_ALGORITHM,
  foldName,
  parseQuery,
  readIndexSnapshot,
  refreshCandidateIndex,
  type ScreeningQuery,
  screenEntity,
  screenIn,
} from "../src/screening/index.js";
import { openColumnar, openStore } from "../src/store/index.js";
import { trigramPeer } from "./screening-peer.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATA = join(ROOT, "..", "shared", "data");
const LISTS = [
  join(DATA, "sanctions", "un", "un_consolidated_2026-02-27.xml"),
  join(DATA, "crypto", "ofac_sdn_advanced_2025-11-19.xml.bz2"),
  join(DATA, "sanctions", "eu", "eu_reg_2017-1509_dprk_annexes.csv"),
  join(DATA, "sanctions", "uk", "uk_sanctions_list_transformed_subjects.csv.gz"),
];
const EVAL = join(DATA, "sanctions", "eval");
const UN_DATASET = "un_sc_sanctions";

export interface ScreeningFigures {
  readonly entities: number;
  readonly names: number;
  readonly importSeconds: number;
  readonly buildSeconds: number;
  /** Loading the index from its stored copy, as a new process does. */
  readonly reloadSeconds: number;
  readonly indexHeapMiB: number;
  readonly queries: number;
  readonly qps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  /** screenEntity with the per-call freshness check against the store. */
  readonly withStoreP50ms: number;
  readonly recallAt1: number;
  readonly positives: number;
  readonly falsePositiveRate: number;
  readonly negatives: number;
  readonly peer:
    | {
        readonly buildSeconds: number;
        readonly qps: number;
        readonly p50ms: number;
        readonly p99ms: number;
        readonly recallAt1: number;
        readonly falsePositiveRate: number;
      }
    | { readonly error: string };
}

interface Row {
  readonly full_name: string;
  readonly gender: string;
  readonly date_of_birth: string;
  readonly nationality: string;
}

function readCsv(path: string): Row[] {
  const raw = path.endsWith(".gz")
    ? gunzipSync(readFileSync(path)).toString("utf8")
    : readFileSync(path, "utf8");
  return parse(raw, { columns: true, skip_empty_lines: true }) as Row[];
}

/** A yente benchmark row as a Person query; values a query may not hold are left out. */
function toQuery(row: Row, id: string): ScreeningQuery | undefined {
  const nationality = /^[a-z]{2}$/i.test(row.nationality)
    ? row.nationality.toLowerCase()
    : countryCode(row.nationality);
  const properties: Record<string, string[]> = { name: [row.full_name] };
  if (cleanDate(row.date_of_birth).ok) properties.birthDate = [row.date_of_birth];
  if (nationality !== undefined) properties.nationality = [nationality];
  if (row.gender === "male" || row.gender === "female") properties.gender = [row.gender];
  try {
    return parseQuery({ id, schema: "Person", properties });
  } catch {
    return undefined;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** UN entity ids by folded name, to find the listed person a positive row stands for. */
function unIdsByName(entities: readonly { id: string; names: string[] }[]) {
  const byName = new Map<string, string[]>();
  for (const entity of entities)
    for (const name of entity.names) {
      const key = foldName(name);
      byName.set(key, [...(byName.get(key) ?? []), entity.id]);
    }
  return byName;
}

export async function runScreeningBench(negativeCount: number): Promise<ScreeningFigures> {
  for (const path of LISTS) if (!existsSync(path)) throw new Error(`missing ${path}`);
  const config = { ...loadConfig(), databaseUrl: undefined };
  const store = await openStore(config, { inMemory: true });
  const ctx = {
    db: store.db,
    engine: store.engine,
    config,
    actor: "bench",
    columnar: openColumnar(undefined),
  } as const;
  try {
    let started = performance.now();
    for (const path of LISTS) await importList(ctx, { path, skipInvalid: true });
    const importSeconds = (performance.now() - started) / 1000;

    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    started = performance.now();
    await refreshCandidateIndex(ctx);
    const buildSeconds = (performance.now() - started) / 1000;
    gc?.();
    const indexHeapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    const index = await candidateIndex(ctx);
    // What a new process pays: the index from its stored copy (one row per entity).
    started = performance.now();
    const reloaded = new CandidateIndex();
    const parts = [];
    for (const [dataset, version] of Object.entries(index.versions()))
      parts.push({
        dataset,
        version,
        entities: await readIndexSnapshot(store.db, dataset, version),
      });
    reloaded.replaceParts(parts, []);
    const reloadSeconds = (performance.now() - started) / 1000;

    const { entities, names } = indexedNames(index);
    const unEntities = entities.filter((e) => e.datasets.includes(UN_DATASET));
    const byName = unIdsByName(unEntities);

    const treated = readCsv(join(EVAL, "yente_cgb_positives_un_treated.csv"));
    const untreated = readCsv(join(EVAL, "yente_cgb_positives_un_untreated.csv"));
    const positives = treated.flatMap((row, i) => {
      const query = toQuery(row, `p${i}`);
      const expected = byName.get(foldName(untreated[i]?.full_name ?? "")) ?? [];
      return query === undefined || expected.length === 0 ? [] : [{ query, expected }];
    });
    const negatives = readCsv(join(EVAL, "yente_cgb_negatives_global.csv.gz"))
      .slice(0, negativeCount)
      .flatMap((row, i) => toQuery(row, `n${i}`) ?? []);

    const prepared = {
      algorithm: DEFAULT_ALGORITHM,
      threshold: DEFAULT_ALGORITHM.threshold,
      limit: 5,
      cutoff: 0,
    };
    const un = { ...prepared, datasets: new Set([UN_DATASET]) };
    for (const { query } of positives.slice(0, 200)) screenIn(index, query, prepared);

    let hits = 0;
    for (const { query, expected } of positives) {
      const top = screenIn(index, query, un).results[0];
      if (top !== undefined && expected.includes(top.id)) hits++;
    }

    const all = [...positives.map((p) => p.query), ...negatives];
    const latencies: number[] = [];
    let falsePositives = 0;
    const loopStarted = performance.now();
    for (const query of all) {
      const t = performance.now();
      const response = screenIn(index, query, prepared);
      latencies.push(performance.now() - t);
      if (query.id?.startsWith("n") && response.results[0]?.match === true) falsePositives++;
    }
    const loopSeconds = (performance.now() - loopStarted) / 1000;
    latencies.sort((a, b) => a - b);

    const withStore: number[] = [];
    for (const query of all.slice(0, 500)) {
      const t = performance.now();
      await screenEntity(ctx, query);
      withStore.push(performance.now() - t);
    }
    withStore.sort((a, b) => a - b);

    const peer = await trigramPeer(names, positives, negatives).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }));
    return {
      entities: index.size,
      names: names.length,
      importSeconds,
      buildSeconds,
      reloadSeconds,
      indexHeapMiB,
      queries: all.length,
      qps: all.length / loopSeconds,
      p50ms: percentile(latencies, 0.5),
      p99ms: percentile(latencies, 0.99),
      withStoreP50ms: percentile(withStore, 0.5),
      recallAt1: hits / positives.length,
      positives: positives.length,
      falsePositiveRate: negatives.length === 0 ? 0 : falsePositives / negatives.length,
      negatives: negatives.length,
      peer,
    };
  } finally {
    await store.close();
  }
}

/** Every indexed entity with its names, and the (id, name) pairs the peer searches. */
function indexedNames(index: CandidateIndex) {
  const entities: { id: string; datasets: readonly string[]; names: string[] }[] = [];
  const names: { id: string; name: string; un: boolean }[] = [];
  for (const entity of index.allEntities()) {
    const own = ["name", "alias", "weakAlias", "previousName"].flatMap(
      (p) => entity.properties[p] ?? [],
    );
    entities.push({ id: entity.id, datasets: entity.datasets, names: own });
    for (const name of own)
      names.push({ id: entity.id, name, un: entity.datasets.includes(UN_DATASET) });
  }
  return { entities, names };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf("--negatives");
  const count = at > 0 ? Number(process.argv[at + 1]) : 5000;
  const figures = await runScreeningBench(count);
  console.log(JSON.stringify(figures, null, 2));
}
