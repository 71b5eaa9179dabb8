import type { ColumnType, JSONColumnType, Kysely, Selectable } from "kysely";
import type { Database } from "../store/index.js";
import type { IndexedEntity } from "./candidates.js";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The screening tables (migration 0002_screening.sql). */
// A type alias, not an interface: Kysely's withTables wants an index-compatible record.
export type ScreeningTables = {
  screening_request: {
    id: string;
    at: Timestamp;
    actor: string;
    client: string | null;
    endpoint: string;
    dataset: string;
    algorithm: string;
    threshold: number;
    query: JSONColumnType<Record<string, unknown>>;
    versions: JSONColumnType<Record<string, number>>;
    results: JSONColumnType<Record<string, unknown>>;
    audit_seq: ColumnType<string, string | number, never>;
  };
  screening_index_entity: {
    dataset: string;
    version: number;
    entity_id: string;
    entity: JSONColumnType<IndexedEntity>;
  };
};

export type ScreeningRequestRow = Selectable<ScreeningTables["screening_request"]>;

export interface NewScreeningRequest {
  readonly id: string;
  readonly at: Date;
  readonly actor: string;
  readonly client: string | undefined;
  readonly endpoint: string;
  readonly dataset: string;
  readonly algorithm: string;
  readonly threshold: number;
  readonly query: Record<string, unknown>;
  readonly versions: Record<string, number>;
  readonly results: Record<string, unknown>;
  readonly auditSeq: number;
}

function tables(db: Kysely<Database>): Kysely<Database & ScreeningTables> {
  return db.withTables<ScreeningTables>();
}

/** Stores one screening request; call it in the transaction of its audit entry. */
export async function insertScreeningRequest(
  trx: Kysely<Database>,
  request: NewScreeningRequest,
): Promise<void> {
  await tables(trx)
    .insertInto("screening_request")
    .values({
      id: request.id,
      at: request.at,
      actor: request.actor,
      client: request.client ?? null,
      endpoint: request.endpoint,
      dataset: request.dataset,
      algorithm: request.algorithm,
      threshold: request.threshold,
      query: JSON.stringify(request.query),
      versions: JSON.stringify(request.versions),
      results: JSON.stringify(request.results),
      audit_seq: request.auditSeq,
    })
    .execute();
}

/** One recorded request, or undefined. */
export async function findScreeningRequest(
  db: Kysely<Database>,
  id: string,
): Promise<ScreeningRequestRow | undefined> {
  return tables(db)
    .selectFrom("screening_request")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Recorded requests, newest first. */
export async function listScreeningRequests(
  db: Kysely<Database>,
  limit = 50,
): Promise<ScreeningRequestRow[]> {
  return tables(db)
    .selectFrom("screening_request")
    .selectAll()
    .orderBy("at", "desc")
    .orderBy("audit_seq", "desc")
    .limit(limit)
    .execute();
}

/** The index's stored copy of `dataset` at `version` (empty when there is none). */
export async function readIndexSnapshot(
  db: Kysely<Database>,
  dataset: string,
  version: number,
): Promise<IndexedEntity[]> {
  const rows = await tables(db)
    .selectFrom("screening_index_entity")
    .select("entity")
    .where("dataset", "=", dataset)
    .where("version", "=", version)
    .execute();
  return rows.map((row) => row.entity);
}

/** Replaces the stored copy of `dataset` with `entities` as of `version`. */
export async function writeIndexSnapshot(
  db: Kysely<Database>,
  dataset: string,
  version: number,
  entities: readonly IndexedEntity[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await tables(trx).deleteFrom("screening_index_entity").where("dataset", "=", dataset).execute();
    for (let i = 0; i < entities.length; i += 1000) {
      await tables(trx)
        .insertInto("screening_index_entity")
        .values(
          entities.slice(i, i + 1000).map((entity) => ({
            dataset,
            version,
            entity_id: entity.id,
            entity: JSON.stringify(entity),
          })),
        )
        .onConflict((oc) => oc.columns(["dataset", "entity_id"]).doNothing())
        .execute();
    }
  });
}
