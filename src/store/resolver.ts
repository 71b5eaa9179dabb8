import type { Kysely } from "kysely";
import type { Database } from "./tables.js";

type Executor = Kysely<Database>;

export interface Judgement {
  readonly canonicalId: string;
  readonly sourceId: string;
  readonly judgement: "positive" | "negative";
  readonly judgedBy: string;
}

/** Appends a judgement that `sourceId` is (or is not) the thing `canonicalId` stands for. */
export async function recordJudgement(trx: Executor, judgement: Judgement): Promise<void> {
  await trx
    .insertInto("store_resolver")
    .values({
      canonical_id: judgement.canonicalId,
      source_id: judgement.sourceId,
      judgement: judgement.judgement,
      judged_by: judgement.judgedBy,
      judged_at: new Date(),
    })
    .execute();
}

/**
 * The canonical id of each source id that has a standing positive judgement (the latest
 * judgement on a pair decides). Ids without one map to themselves.
 */
export async function canonicalIds(
  db: Executor,
  sourceIds: readonly string[],
): Promise<Map<string, string>> {
  const result = new Map(sourceIds.map((id) => [id, id]));
  if (sourceIds.length === 0) return result;
  const rows = await db
    .selectFrom("store_resolver")
    .select(["canonical_id", "source_id", "judgement", "judged_at"])
    .where("source_id", "in", sourceIds)
    .orderBy("judged_at")
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) latest.set(`${row.canonical_id}\u0000${row.source_id}`, row);
  for (const row of latest.values())
    if (row.judgement === "positive") result.set(row.source_id, row.canonical_id);
  return result;
}

/** Source ids currently joined under `canonicalId` (with the canonical id itself). */
export async function sourceIdsOf(db: Executor, canonicalId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("store_resolver")
    .select(["source_id", "judgement", "judged_at"])
    .where("canonical_id", "=", canonicalId)
    .orderBy("judged_at")
    .execute();
  const latest = new Map<string, string>();
  for (const row of rows) latest.set(row.source_id, row.judgement);
  return [canonicalId, ...[...latest].filter(([, j]) => j === "positive").map(([id]) => id)];
}

/** Every judgement about `id`, as canonical or as source, oldest first. */
export async function judgementsAbout(db: Executor, id: string) {
  return db
    .selectFrom("store_resolver")
    .selectAll()
    .where((eb) => eb.or([eb("canonical_id", "=", id), eb("source_id", "=", id)]))
    .orderBy("judged_at")
    .execute();
}
