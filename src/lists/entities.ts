import {
  captionOf,
  findProperty,
  ftm,
  getSchema,
  ID_PROP,
  NotFound,
  propertiesOf,
} from "../model/index.js";
import {
  type Context,
  canonicalIds,
  currentStatements,
  referringStatements,
  type StatementRow,
  searchEntityIds,
  sourceIdsOf,
} from "../store/index.js";

/** An entity in FtM JSON as OpenSanctions and yente publish it, with where its facts came from. */
export interface FtmEntity {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, (string | FtmEntity)[]>;
  datasets: string[];
  referents: string[];
  first_seen: string;
  last_seen: string;
}

/** One fact of an entity with its provenance, for "where did this come from". */
export interface Provenance {
  readonly prop: string;
  readonly value: string;
  readonly dataset: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly sinceVersion: number;
}

/**
 * Builds entities from statement rows (grouped by entity id). When datasets disagree on the
 * schema, the more specific one wins (a LegalEntity in one list and a Company in another is a
 * Company).
 */
export function assembleEntities(rows: readonly StatementRow[]): FtmEntity[] {
  const byId = new Map<string, StatementRow[]>();
  for (const row of rows) {
    const group = byId.get(row.entity_id);
    if (group === undefined) byId.set(row.entity_id, [row]);
    else group.push(row);
  }
  return [...byId].map(([id, group]) => assembleOne(id, group));
}

function assembleOne(id: string, rows: readonly StatementRow[]): FtmEntity {
  const schema =
    mostSpecificSchema(rows.filter((r) => r.prop === ID_PROP).map((r) => r.schema)) ??
    rows[0]?.schema ??
    "Thing";
  const properties: Record<string, string[]> = {};
  const datasets = new Set<string>();
  let firstSeen = "";
  let lastSeen = "";
  for (const row of rows) {
    datasets.add(row.dataset);
    const first = new Date(row.first_seen).toISOString();
    const last = new Date(row.last_seen).toISOString();
    if (firstSeen === "" || first < firstSeen) firstSeen = first;
    if (last > lastSeen) lastSeen = last;
    if (row.prop === ID_PROP) continue;
    const values = properties[row.prop] ?? [];
    if (!values.includes(row.value)) properties[row.prop] = [...values, row.value];
  }
  return {
    id,
    caption: captionOf(schema, properties) ?? id,
    schema,
    properties,
    datasets: [...datasets].sort(),
    referents: [],
    first_seen: firstSeen,
    last_seen: lastSeen,
  };
}

function mostSpecificSchema(names: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const name of names) {
    if (best === undefined || getSchema(name).isA(best)) best = name;
  }
  return best;
}

/**
 * An entity with its adjacent entities nested as yente serves them: sanctions, wallets and
 * other entities that point at it appear under the reverse property (`sanctions`,
 * `cryptoWallets`), entities it points at are embedded in place. Ids joined by the resolver
 * are merged under the canonical id. Throws NotFound.
 */
export async function getEntity(ctx: Context, id: string): Promise<FtmEntity> {
  const canonical = (await canonicalIds(ctx.db, [id])).get(id) ?? id;
  const sourceIds = await sourceIdsOf(ctx.db, canonical);
  const rows = await currentStatements(ctx.db, sourceIds);
  if (rows.length === 0) throw new NotFound("entity_not_found", `no entity with id ${id}`);
  const merged = assembleOne(canonical, rows);
  merged.referents = sourceIds.filter(
    (s) => s !== canonical && rows.some((r) => r.entity_id === s),
  );
  await nestAdjacent(ctx, merged, sourceIds);
  await nestEdgeEnds(ctx, merged, sourceIds);
  return merged;
}

/**
 * Embeds the far end of each nested link entity (an Ownership's owner, a Directorship's
 * organisation), so that a reader sees who owns the vessel, not just that an Ownership exists.
 */
async function nestEdgeEnds(
  ctx: Context,
  entity: FtmEntity,
  ownIds: readonly string[],
): Promise<void> {
  const edges = Object.values(entity.properties)
    .flat()
    .filter((v): v is FtmEntity => typeof v !== "string" && edgeEnds(v.schema).length > 0);
  const endIds = edges.flatMap((edge) =>
    edgeEnds(edge.schema).flatMap((prop) =>
      (edge.properties[prop] ?? []).filter(
        (v): v is string => typeof v === "string" && !ownIds.includes(v),
      ),
    ),
  );
  if (endIds.length === 0) return;
  const ends = new Map(
    assembleEntities(await currentStatements(ctx.db, endIds)).map((e) => [e.id, e]),
  );
  for (const edge of edges)
    for (const prop of edgeEnds(edge.schema))
      edge.properties[prop] = (edge.properties[prop] ?? []).map((v) =>
        typeof v === "string" ? (ends.get(v) ?? v) : v,
      );
}

/** The two properties a link schema joins (source and target), or none for other schemata. */
export function edgeEnds(schema: string): string[] {
  const edge = ftm.schemata[schema]?.edge;
  return edge === undefined ? [] : [edge.source, edge.target];
}

async function nestAdjacent(
  ctx: Context,
  entity: FtmEntity,
  ownIds: readonly string[],
): Promise<void> {
  const schema = getSchema(entity.schema);
  const outgoing = [...propertiesOf(schema).values()].filter(
    (p) => p.type.name === "entity" && entity.properties[p.name] !== undefined,
  );
  const targetIds = outgoing.flatMap((p) => entity.properties[p.name] as string[]);
  const incoming = await referringStatements(ctx.db, ownIds);
  const sourceIds = [...new Set(incoming.map((r) => r.entity_id))].filter(
    (s) => !ownIds.includes(s),
  );
  const adjacent = new Map(
    assembleEntities(await currentStatements(ctx.db, [...targetIds, ...sourceIds])).map((e) => [
      e.id,
      e,
    ]),
  );
  for (const prop of outgoing) {
    entity.properties[prop.name] = (entity.properties[prop.name] ?? []).map((v) =>
      typeof v === "string" ? (adjacent.get(v) ?? v) : v,
    );
  }
  for (const ref of incoming) {
    const other = adjacent.get(ref.entity_id);
    const reverse = reverseProperty(ref.schema, ref.prop);
    if (other === undefined || reverse === undefined) continue;
    const list = entity.properties[reverse] ?? [];
    if (!list.some((v) => typeof v !== "string" && v.id === other.id))
      entity.properties[reverse] = [...list, other];
  }
}

function reverseProperty(schema: string, prop: string): string | undefined {
  const known = ftm.schemata[schema];
  const property = known === undefined ? undefined : findProperty(known, prop);
  return property?.hasReverse ? property.getReverse().name : undefined;
}

/** Facts about an entity with the dataset, first and last seen of each. Throws NotFound. */
export async function entityProvenance(ctx: Context, id: string): Promise<Provenance[]> {
  const rows = await currentStatements(ctx.db, [id]);
  if (rows.length === 0) throw new NotFound("entity_not_found", `no entity with id ${id}`);
  return rows.map((row) => ({
    prop: row.prop,
    value: row.value,
    dataset: row.dataset,
    firstSeen: new Date(row.first_seen).toISOString(),
    lastSeen: new Date(row.last_seen).toISOString(),
    sinceVersion: row.since_version,
  }));
}

/** Entities whose names or identifiers contain every word of `text`, best-known first. */
export async function searchEntities(
  ctx: Context,
  text: string,
  options: { limit?: number; schemata?: readonly string[] } = {},
): Promise<FtmEntity[]> {
  const ids = await searchEntityIds(ctx.db, text, options.limit ?? 20, options.schemata);
  return assembleEntities(await currentStatements(ctx.db, ids));
}
