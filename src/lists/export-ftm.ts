import { NotFound } from "../model/index.js";
import { type Context, currentEntityIds, currentStatements, listVersions } from "../store/index.js";
import { assembleEntities, type FtmEntity } from "./entities.js";

/** Entities are read a page at a time so an export of any size runs in bounded memory. */
const PAGE = 1000;

/**
 * Streams the current entities (of `dataset`, or of every dataset) as FtM entities, in id
 * order. Throws NotFound for a dataset that has never been imported.
 */
export async function* exportEntities(
  ctx: Context,
  options: { dataset?: string } = {},
): AsyncIterable<FtmEntity> {
  if (options.dataset !== undefined && (await listVersions(ctx.db, options.dataset)).length === 0) {
    throw new NotFound("dataset_not_found", `no dataset named ${options.dataset}`);
  }
  let afterId: string | undefined;
  for (;;) {
    const ids = await currentEntityIds(ctx.db, { dataset: options.dataset, afterId, limit: PAGE });
    if (ids.length === 0) return;
    const rows = await currentStatements(ctx.db, ids, options.dataset);
    yield* assembleEntities(rows);
    afterId = ids.at(-1);
  }
}

/** One FtM JSON line per entity, as OpenSanctions' `entities.ftm.json` exports are written. */
export function toFtmLine(entity: FtmEntity): string {
  return JSON.stringify(entity);
}
