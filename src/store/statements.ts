import { type Kysely, sql } from "kysely";
import type { Statement } from "../model/index.js";
import type { Database, StatementRow } from "./tables.js";

type Executor = Kysely<Database>;

/** Statements are staged in chunks: large enough to be fast, small enough to bound memory. */
export const STAGE_CHUNK = 5000;

/**
 * Creates the temporary table an import stages its statements in. It lives until the
 * transaction ends, so an import that fails leaves nothing behind.
 */
export async function createStaging(trx: Executor): Promise<void> {
  await sql`CREATE TEMP TABLE store_staged_statement (
    id text NOT NULL, entity_id text NOT NULL, schema text NOT NULL,
    prop text NOT NULL, prop_type text NOT NULL, value text NOT NULL
  ) ON COMMIT DROP`.execute(trx);
}

/** Stages statements for the running import (one round trip per call, arrays unnested). */
export async function stageStatements(
  trx: Executor,
  statements: readonly Statement[],
): Promise<void> {
  if (statements.length === 0) return;
  const column = (pick: (s: Statement) => string) => statements.map(pick);
  await sql`INSERT INTO store_staged_statement (id, entity_id, schema, prop, prop_type, value)
    SELECT * FROM unnest(
      ${column((s) => s.id)}::text[], ${column((s) => s.entityId)}::text[], ${column((s) => s.schema)}::text[],
      ${column((s) => s.prop)}::text[], ${column((s) => s.propType)}::text[], ${column((s) => s.value)}::text[])`.execute(
    trx,
  );
}

export interface AppliedCounts {
  readonly statements: number;
  readonly entities: number;
  readonly added: number;
  readonly removed: number;
}

/**
 * Makes the staged statements the content of `dataset` at `version`: facts no longer present
 * are closed at `version` (their `last_seen` becomes the previous version's import time), new
 * facts open a span, facts still present are not written at all: an open fact's `last_seen`
 * is its dataset's latest import, computed when it is read (see `withLastSeen`), so
 * re-importing an unchanged list of 400,000 facts rewrites none of them.
 */
export async function applyStaged(
  trx: Executor,
  dataset: string,
  version: number,
  at: Date,
): Promise<AppliedCounts> {
  await sql`CREATE TEMP TABLE store_staged_distinct ON COMMIT DROP AS
    SELECT DISTINCT ON (id) * FROM store_staged_statement`.execute(trx);
  await sql`CREATE INDEX ON store_staged_distinct (id)`.execute(trx);
  await sql`ANALYZE store_staged_distinct`.execute(trx);
  const removed = await sql`UPDATE store_statement s SET until_version = ${version},
      last_seen = coalesce((SELECT v.imported_at FROM store_dataset_version v
        WHERE v.dataset = ${dataset} AND v.version = ${version - 1}), s.last_seen)
    WHERE s.dataset = ${dataset} AND s.until_version IS NULL
      AND NOT EXISTS (SELECT 1 FROM store_staged_distinct n WHERE n.id = s.id)`.execute(trx);
  const added = await sql`INSERT INTO store_statement
      (id, dataset, entity_id, schema, prop, prop_type, value, first_seen, last_seen, since_version, until_version)
    SELECT n.id, ${dataset}, n.entity_id, n.schema, n.prop, n.prop_type, n.value, ${at}, ${at}, ${version}, NULL
    FROM store_staged_distinct n
    WHERE NOT EXISTS (SELECT 1 FROM store_statement s
      WHERE s.id = n.id AND s.dataset = ${dataset} AND s.until_version IS NULL)`.execute(trx);
  const totals = await sql<{ statements: string; entities: string }>`
    SELECT count(*) AS statements, count(DISTINCT entity_id) AS entities FROM store_staged_distinct`.execute(
    trx,
  );
  const total = totals.rows[0];
  return {
    statements: Number(total?.statements ?? 0),
    entities: Number(total?.entities ?? 0),
    added: Number(added.numAffectedRows ?? 0),
    removed: Number(removed.numAffectedRows ?? 0),
  };
}

const STORED_COLUMNS = [
  "id",
  "dataset",
  "entity_id",
  "schema",
  "prop",
  "prop_type",
  "value",
  "first_seen",
  "since_version",
  "until_version",
] as const;

/**
 * Every column of a statement, with `last_seen` as readers mean it: for a fact still present,
 * the import time of its dataset's latest version (which the import does not write on each
 * row); for a closed fact, the stored time of the last version that had it.
 */
const LAST_SEEN = sql<Date>`CASE WHEN store_statement.until_version IS NULL THEN
    (SELECT max(v.imported_at) FROM store_dataset_version v WHERE v.dataset = store_statement.dataset)
    ELSE store_statement.last_seen END`.as("last_seen");
const WITH_LAST_SEEN = [...STORED_COLUMNS, LAST_SEEN] as const;

/** Restricts a statement query to the facts present in `version` of their dataset. */
function presentAt(version: number) {
  return sql<boolean>`since_version <= ${version} AND (until_version IS NULL OR until_version > ${version})`;
}

/** The statements of `dataset` as they stood at `version`, for the given entities or all. */
export async function statementsAt(
  db: Executor,
  dataset: string,
  version: number,
  entityIds?: readonly string[],
  props?: readonly string[],
): Promise<StatementRow[]> {
  let query = db
    .selectFrom("store_statement")
    .select(WITH_LAST_SEEN)
    .where("dataset", "=", dataset)
    .where(presentAt(version));
  if (entityIds !== undefined) {
    if (entityIds.length === 0) return [];
    query = query.where("entity_id", "in", entityIds);
  }
  if (props !== undefined) query = query.where("prop", "in", props);
  return query.orderBy("entity_id").orderBy("prop").orderBy("value").execute();
}

/** A fact as bulk readers need it: no version span, first seen in epoch milliseconds. */
export interface FactRow {
  readonly entity_id: string;
  readonly schema: string;
  readonly prop: string;
  readonly value: string;
  readonly first_seen_ms: number;
}

/**
 * Every statement of `dataset` at `version`, in entity order, with only the columns a bulk
 * reader (an index build) uses: one query, and none of the per-row work of `statementsAt`.
 */
export async function datasetFactsAt(
  db: Executor,
  dataset: string,
  version: number,
): Promise<FactRow[]> {
  const result = await sql<FactRow>`
    SELECT entity_id, schema, prop, value,
      (extract(epoch FROM first_seen) * 1000)::float8 AS first_seen_ms
    FROM store_statement
    WHERE dataset = ${dataset} AND ${presentAt(version)}
    ORDER BY entity_id`.execute(db);
  return result.rows;
}

/** One statement that differs between two versions of a dataset. */
export interface StatementChange {
  readonly entityId: string;
  readonly schema: string;
  readonly prop: string;
  readonly value: string;
  readonly change: "added" | "removed";
}

/** The statements present in `to` but not `from` (added) and the reverse (removed). */
export async function diffStatements(
  db: Executor,
  dataset: string,
  from: number,
  to: number,
): Promise<StatementChange[]> {
  const result = await sql<{
    entity_id: string;
    schema: string;
    prop: string;
    value: string;
    change: "added" | "removed";
  }>`
    WITH a AS (SELECT id, entity_id, schema, prop, value FROM store_statement
               WHERE dataset = ${dataset} AND ${presentAt(from)}),
         b AS (SELECT id, entity_id, schema, prop, value FROM store_statement
               WHERE dataset = ${dataset} AND ${presentAt(to)})
    SELECT b.entity_id, b.schema, b.prop, b.value, 'added' AS change FROM b
      WHERE NOT EXISTS (SELECT 1 FROM a WHERE a.id = b.id)
    UNION ALL
    SELECT a.entity_id, a.schema, a.prop, a.value, 'removed' AS change FROM a
      WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.id = a.id)
    ORDER BY 1, 3, 4`.execute(db);
  return result.rows.map((row) => ({
    entityId: row.entity_id,
    schema: row.schema,
    prop: row.prop,
    value: row.value,
    change: row.change,
  }));
}

/** Current statements about the given entity ids, from every dataset or from `dataset`. */
export async function currentStatements(
  db: Executor,
  entityIds: readonly string[],
  dataset?: string,
): Promise<StatementRow[]> {
  if (entityIds.length === 0) return [];
  let query = db
    .selectFrom("store_statement")
    .select(WITH_LAST_SEEN)
    .where("entity_id", "in", entityIds);
  if (dataset !== undefined) query = query.where("dataset", "=", dataset);
  return query
    .where("until_version", "is", null)
    .orderBy("entity_id")
    .orderBy("prop")
    .orderBy("value")
    .execute();
}

/** Current statements of other entities that point at one of `targetIds` (a sanction's `entity`). */
export async function referringStatements(
  db: Executor,
  targetIds: readonly string[],
): Promise<StatementRow[]> {
  if (targetIds.length === 0) return [];
  return db
    .selectFrom("store_statement")
    .select(WITH_LAST_SEEN)
    .where("prop_type", "=", "entity")
    .where("value", "in", targetIds)
    .where("until_version", "is", null)
    .execute();
}

/**
 * Current entity ids in `dataset` (or all), in id order after `afterId`: a keyset page, so
 * exports stream without holding the dataset in memory.
 */
export async function currentEntityIds(
  db: Executor,
  options: { dataset?: string; afterId?: string; limit: number },
): Promise<string[]> {
  let query = db
    .selectFrom("store_statement")
    .select("entity_id")
    .where("prop", "=", "id")
    .where("until_version", "is", null);
  if (options.dataset !== undefined) query = query.where("dataset", "=", options.dataset);
  if (options.afterId !== undefined) query = query.where("entity_id", ">", options.afterId);
  const rows = await query.distinct().orderBy("entity_id").limit(options.limit).execute();
  return rows.map((row) => row.entity_id);
}

/**
 * Entity ids with a current name-like statement containing every word of `text`
 * (case-insensitive), up to `limit`. A plain scan: screening brings the real index.
 */
export async function searchEntityIds(
  db: Executor,
  text: string,
  limit: number,
  schemata?: readonly string[],
): Promise<string[]> {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return [];
  let query = db
    .selectFrom("store_statement")
    .select("entity_id")
    .where("until_version", "is", null)
    .where("prop_type", "in", ["name", "identifier"]);
  for (const word of words)
    query = query.where(sql<string>`lower(value)`, "like", `%${escapeLike(word)}%`);
  if (schemata !== undefined && schemata.length > 0) query = query.where("schema", "in", schemata);
  const rows = await query.distinct().orderBy("entity_id").limit(limit).execute();
  return rows.map((row) => row.entity_id);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
