import type { Kysely } from "kysely";
import { NotFound } from "../model/index.js";
import type { Database, DatasetVersionRow } from "./tables.js";

type Executor = Kysely<Database>;

export interface DatasetInfo {
  readonly name: string;
  readonly title: string;
  readonly publisher: string;
  readonly url: string;
}

/** Creates the dataset row if it is new; an existing row keeps its title. */
export async function ensureDataset(trx: Executor, info: DatasetInfo): Promise<void> {
  await trx
    .insertInto("store_dataset")
    .values(info)
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}

export interface NewVersion {
  readonly dataset: string;
  readonly importedAt: Date;
  readonly importedBy: string;
  readonly source: string;
  readonly format: string;
  readonly contentSha256: string;
  readonly publishedAt: string | undefined;
}

/** Records a new version of a dataset and returns its number (1, 2, ...). */
export async function createVersion(trx: Executor, version: NewVersion): Promise<number> {
  const last = await trx
    .selectFrom("store_dataset_version")
    .select((eb) => eb.fn.max("version").as("max"))
    .where("dataset", "=", version.dataset)
    .executeTakeFirst();
  const next = Number(last?.max ?? 0) + 1;
  await trx
    .insertInto("store_dataset_version")
    .values({
      dataset: version.dataset,
      version: next,
      imported_at: version.importedAt,
      imported_by: version.importedBy,
      source: version.source,
      format: version.format,
      content_sha256: version.contentSha256,
      published_at: version.publishedAt ?? null,
    })
    .execute();
  return next;
}

export interface VersionCounts {
  readonly entities: number;
  readonly statements: number;
  readonly added: number;
  readonly removed: number;
  readonly skipped: number;
}

export async function setVersionCounts(
  trx: Executor,
  dataset: string,
  version: number,
  counts: VersionCounts,
): Promise<void> {
  await trx
    .updateTable("store_dataset_version")
    .set({
      entity_count: counts.entities,
      statement_count: counts.statements,
      added_count: counts.added,
      removed_count: counts.removed,
      skipped_count: counts.skipped,
    })
    .where("dataset", "=", dataset)
    .where("version", "=", version)
    .execute();
}

/** Versions of one dataset or of all, newest first within each dataset. */
export async function listVersions(db: Executor, dataset?: string): Promise<DatasetVersionRow[]> {
  let query = db.selectFrom("store_dataset_version").selectAll();
  if (dataset !== undefined) query = query.where("dataset", "=", dataset);
  return query.orderBy("dataset").orderBy("version", "desc").execute();
}

/** One version; throws NotFound naming the dataset and version. */
export async function getVersion(
  db: Executor,
  dataset: string,
  version: number,
): Promise<DatasetVersionRow> {
  const row = await db
    .selectFrom("store_dataset_version")
    .selectAll()
    .where("dataset", "=", dataset)
    .where("version", "=", version)
    .executeTakeFirst();
  if (row === undefined)
    throw new NotFound("version_not_found", `dataset ${dataset} has no version ${version}`);
  return row;
}

export async function latestVersion(
  db: Executor,
  dataset: string,
): Promise<DatasetVersionRow | undefined> {
  return db
    .selectFrom("store_dataset_version")
    .selectAll()
    .where("dataset", "=", dataset)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

export interface DatasetSummary extends DatasetInfo {
  readonly versions: number;
  readonly latest: DatasetVersionRow | undefined;
}

/** Every dataset with its number of versions and its latest version. */
export async function listDatasets(db: Executor): Promise<DatasetSummary[]> {
  const datasets = await db
    .selectFrom("store_dataset")
    .select(["name", "title", "publisher", "url"])
    .orderBy("name")
    .execute();
  const versions = await listVersions(db);
  return datasets.map((dataset) => {
    const own = versions.filter((v) => v.dataset === dataset.name);
    return { ...dataset, versions: own.length, latest: own[0] };
  });
}
