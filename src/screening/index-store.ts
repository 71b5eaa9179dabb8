import { captionOf, getSchema, ID_PROP, isDesignatable } from "../model/index.js";
import {
  type Context,
  type Db,
  datasetFactsAt,
  type FactRow,
  getVersion,
  listDatasets,
} from "../store/index.js";
import { CandidateIndex, type IndexedEntity } from "./candidates.js";
import { readIndexSnapshot, writeIndexSnapshot } from "./queries.js";

/** What a refresh did: the datasets rebuilt (name → version) and how long it took. */
export interface RefreshReport {
  readonly rebuilt: Readonly<Record<string, number>>;
  readonly dropped: readonly string[];
  readonly ms: number;
}

interface Handle {
  readonly index: CandidateIndex;
  pending: Promise<RefreshReport> | undefined;
}

// One index per database: every context on the same store shares it, a test store has its own.
const INDEXES = new WeakMap<Db, Handle>();

/**
 * The candidate index of the store behind `ctx`, brought up to date first: each dataset whose
 * latest version differs from the one its part was built from is read again (that dataset
 * only). The first call builds the whole index.
 */
export async function candidateIndex(ctx: Context): Promise<CandidateIndex> {
  const handle = handleOf(ctx.db);
  await refreshHandle(ctx, handle);
  return handle.index;
}

/** Brings the index of `ctx`'s store up to date and says what was rebuilt. */
export async function refreshCandidateIndex(ctx: Context): Promise<RefreshReport> {
  return refreshHandle(ctx, handleOf(ctx.db));
}

function handleOf(db: Db): Handle {
  let handle = INDEXES.get(db);
  if (handle === undefined) {
    handle = { index: new CandidateIndex(), pending: undefined };
    INDEXES.set(db, handle);
  }
  return handle;
}

async function refreshHandle(ctx: Context, handle: Handle): Promise<RefreshReport> {
  // Concurrent requests wait for the refresh already running instead of starting another.
  while (handle.pending !== undefined) await handle.pending;
  const datasets = await listDatasets(ctx.db);
  const stale = datasets.filter(
    (d) => d.latest !== undefined && handle.index.versionOf(d.name) !== d.latest.version,
  );
  const known = new Set(datasets.map((d) => d.name));
  const gone = Object.keys(handle.index.versions()).filter((name) => !known.has(name));
  if (stale.length === 0 && gone.length === 0) return { rebuilt: {}, dropped: [], ms: 0 };
  const work = (async () => {
    const started = performance.now();
    const rebuilt: Record<string, number> = {};
    const parts = [];
    for (const dataset of stale) {
      const version = dataset.latest?.version ?? 0;
      parts.push({
        dataset: dataset.name,
        version,
        entities: await loadPart(ctx.db, dataset.name, version),
      });
      rebuilt[dataset.name] = version;
    }
    // Postings are linked once, after every stale dataset is read.
    handle.index.replaceParts(parts, gone);
    return { rebuilt, dropped: gone, ms: performance.now() - started };
  })();
  handle.pending = work;
  try {
    return await work;
  } finally {
    handle.pending = undefined;
  }
}

/**
 * A dataset's entities for the index: from the stored copy when it is of `version`, else
 * assembled from the statements and stored for the next process. A failure to store the copy
 * (another process wrote it first) does not fail the screening.
 */
async function loadPart(db: Db, dataset: string, version: number): Promise<IndexedEntity[]> {
  const stored = await readIndexSnapshot(db, dataset, version);
  if (stored.length > 0) return stored;
  const entities = await loadEntities(db, dataset, version);
  await writeIndexSnapshot(db, dataset, version, entities).catch(() => undefined);
  return entities;
}

/**
 * The designatable entities (people, organisations, vessels, aircraft, wallets) of `dataset`
 * as they stand at `version`, read in one pass over its statements.
 */
export async function loadEntities(
  db: Db,
  dataset: string,
  version: number,
): Promise<IndexedEntity[]> {
  const rows = await datasetFactsAt(db, dataset, version);
  const seen = await getVersion(db, dataset, version);
  // Present at `version`, so last seen at its import (or later, which the index need not know).
  const lastSeen = new Date(seen.imported_at).toISOString();
  const out: IndexedEntity[] = [];
  let i = 0;
  while (i < rows.length) {
    const id = rows[i]?.entity_id ?? "";
    const properties: Record<string, string[]> = {};
    let schema: string | undefined;
    let first = Number.POSITIVE_INFINITY;
    for (; i < rows.length && rows[i]?.entity_id === id; i++) {
      const row = rows[i] as FactRow;
      first = Math.min(first, row.first_seen_ms);
      if (row.prop === ID_PROP) {
        if (schema === undefined || getSchema(row.schema).isA(schema)) schema = row.schema;
        continue;
      }
      const values = properties[row.prop];
      if (values === undefined) properties[row.prop] = [row.value];
      else if (!values.includes(row.value)) values.push(row.value);
    }
    if (schema === undefined || !isDesignatable(getSchema(schema))) continue;
    out.push({
      id,
      schema,
      caption: captionOf(schema, properties) ?? id,
      properties,
      datasets: [dataset],
      first_seen: Number.isFinite(first) ? new Date(first).toISOString() : "",
      last_seen: lastSeen,
    });
  }
  return out;
}
