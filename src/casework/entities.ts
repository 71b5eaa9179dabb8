import { type FtmEntity, getEntity } from "../lists/index.js";
import { Invalid, type Issue, NotFound } from "../model/index.js";
import type { Context } from "../store/index.js";

/**
 * The entities `ids` name, from the entity store; Invalid naming each id that is not there
 * (`field` says where it was given), so that an incident never links to nothing.
 */
export async function requireEntities(
  ctx: Context,
  ids: readonly string[],
  field: string,
): Promise<Map<string, FtmEntity>> {
  const found = new Map<string, FtmEntity>();
  const issues: Issue[] = [];
  for (const [index, id] of ids.entries()) {
    try {
      found.set(id, await getEntity(ctx, id));
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      issues.push({ field: `${field}[${index}]`, message: "no entity with this id", value: id });
    }
  }
  if (issues.length > 0)
    throw new Invalid(
      "unknown_entity",
      `${issues.length} unknown entit${issues.length === 1 ? "y" : "ies"}: ${issues.map((i) => i.value).join(", ")}`,
      issues,
    );
  return found;
}

/** An entity's caption, or its id when the store no longer holds it. */
export async function captionOf(ctx: Context, id: string): Promise<string> {
  try {
    return (await getEntity(ctx, id)).caption;
  } catch (error) {
    if (error instanceof NotFound) return id;
    throw error;
  }
}
