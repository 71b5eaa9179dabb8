import { getSchema, ID_PROP, isDesignatable } from "../model/index.js";
import {
  type Context,
  type Db,
  listDatasets,
  type StatementRow,
  statementsAt,
} from "../store/index.js";
import { CandidateIndex, type IndexedEntity } from "./candidates.js";
import { readIndexSnapshot, writeIndexSnapshot } from "./queries.js";

/** Entities are read in pages of this many ids: bounded memory, few round trips. */
const PAGE = 2000;

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
 * as they stand at `version`: one read of the id statements, then the entities' statements a
 * page of ids at a time.
 */
export async function loadEntities(
  db: Db,
  dataset: string,
  version: number,
): Promise<IndexedEntity[]> {
  const idRows = await statementsAt(db, dataset, version, undefined, [ID_PROP]);
  const schemaOf = new Map<string, string>();
  for (const row of idRows) {
    const known = schemaOf.get(row.entity_id);
    if (known === undefined || getSchema(row.schema).isA(known))
      schemaOf.set(row.entity_id, row.schema);
  }
  const ids = [...schemaOf]
    .filter(([, schema]) => isDesignatable(getSchema(schema)))
    .map(([id]) => id);
  const entities: IndexedEntity[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const rows = await statementsAt(db, dataset, version, ids.slice(i, i + PAGE));
    entities.push(...assemble(rows, schemaOf));
  }
  return entities;
}

function assemble(
  rows: readonly StatementRow[],
  schemaOf: ReadonlyMap<string, string>,
): IndexedEntity[] {
  const out: IndexedEntity[] = [];
  let i = 0;
  while (i < rows.length) {
    const id = rows[i]?.entity_id ?? "";
    const properties: Record<string, string[]> = {};
    const datasets = new Set<string>();
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (; i < rows.length && rows[i]?.entity_id === id; i++) {
      const row = rows[i] as StatementRow;
      datasets.add(row.dataset);
      first = Math.min(first, new Date(row.first_seen).getTime());
      last = Math.max(last, new Date(row.last_seen).getTime());
      if (row.prop === ID_PROP) continue;
      const values = properties[row.prop];
      if (values === undefined) properties[row.prop] = [row.value];
      else if (!values.includes(row.value)) values.push(row.value);
    }
    const schema = schemaOf.get(id) ?? "LegalEntity";
    out.push({
      id,
      schema,
      caption: captionOf(schema, properties) ?? id,
      properties,
      datasets: [...datasets].sort(),
      first_seen: Number.isFinite(first) ? new Date(first).toISOString() : "",
      last_seen: Number.isFinite(last) ? new Date(last).toISOString() : "",
    });
  }
  return out;
}

function captionOf(schema: string, properties: Readonly<Record<string, string[]>>) {
  for (const prop of getSchema(schema).caption) {
    const value = properties[prop]?.[0];
    if (value !== undefined) return value;
  }
  return undefined;
}
