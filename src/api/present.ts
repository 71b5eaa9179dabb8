import type { DatasetSummary, DatasetVersionRow, FtmEntity } from "../lists/index.js";
import type { DatasetBody, EntityBody, NestedEntityBody } from "./schema.js";

type VersionBody = DatasetBody["versions"][number];

/** A version row as the API shows it: timestamps as ISO strings. */
export function presentVersion(row: DatasetVersionRow): VersionBody {
  return {
    version: row.version,
    imported_at: new Date(row.imported_at).toISOString(),
    imported_by: row.imported_by,
    source: row.source,
    format: row.format,
    content_sha256: row.content_sha256,
    published_at: row.published_at,
    entity_count: Number(row.entity_count),
    statement_count: Number(row.statement_count),
    added_count: Number(row.added_count),
    removed_count: Number(row.removed_count),
    skipped_count: Number(row.skipped_count),
  };
}

/** Datasets with their versions, newest first. */
export function presentDatasets(
  datasets: readonly DatasetSummary[],
  versions: readonly DatasetVersionRow[],
): DatasetBody[] {
  return datasets.map((d) => ({
    name: d.name,
    title: d.title,
    publisher: d.publisher,
    url: d.url,
    versions: versions.filter((v) => v.dataset === d.name).map(presentVersion),
  }));
}

/**
 * An entity in the documented shape: adjacent entities nested one level deep, their own links
 * as ids (getEntity nests one level; deeper entities, should they appear, become their ids).
 */
export function presentEntity(entity: FtmEntity): EntityBody {
  const properties: EntityBody["properties"] = {};
  for (const [prop, values] of Object.entries(entity.properties)) {
    properties[prop] = values.map((v) => (typeof v === "string" ? v : flatten(v)));
  }
  return { ...entity, properties };
}

function flatten(entity: FtmEntity): NestedEntityBody {
  const properties: NestedEntityBody["properties"] = {};
  for (const [prop, values] of Object.entries(entity.properties)) {
    properties[prop] = values.map((v) => (typeof v === "string" ? v : v.id));
  }
  return { ...entity, properties };
}
