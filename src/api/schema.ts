import { z } from "zod";
import { ftm } from "../model/index.js";

/** The shapes the HTTP API reads and writes; routes validate, serialize and document with them. */

const entityFields = {
  id: z.string(),
  caption: z.string(),
  schema: z.string(),
  datasets: z.array(z.string()),
  referents: z.array(z.string()),
  first_seen: z.string(),
  last_seen: z.string(),
};

/** An entity embedded in another (a sanction, an owner); its own links stay ids. */
export const NestedEntity = z
  .object({ ...entityFields, properties: z.record(z.string(), z.array(z.string())) })
  .meta({ description: "An adjacent entity, embedded as yente serves it" });

export const Provenance = z.object({
  prop: z.string(),
  value: z.string(),
  dataset: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  sinceVersion: z.number().int(),
});

/** An FtM entity as yente serves it: adjacent entities (sanctions, owners) nested in place. */
export const Entity = z
  .object({
    ...entityFields,
    properties: z.record(z.string(), z.array(z.union([z.string(), NestedEntity]))),
    statements: z.array(Provenance).optional(),
  })
  .meta({ description: "An FtM entity with its adjacent entities nested" });

export const EntityParams = z.object({
  id: z.string().min(1).max(200).meta({ description: "Entity id, e.g. unsc-6908275" }),
});

const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const EntityQuery = z.object({
  statements: flag.meta({ description: "Add every fact with its dataset and first/last seen" }),
  format: z
    .enum(["json", "html"])
    .optional()
    .meta({ description: "Override the Accept header: json or html" }),
});

const schemaName = z.string().refine((name) => ftm.schemata[name] !== undefined, {
  message: "unknown FtM schema",
});

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200).meta({ description: "Words of a name or identifier" }),
  schema: z
    .union([schemaName, z.array(schemaName)])
    .optional()
    .transform((v) => (v === undefined ? undefined : [v].flat()))
    .meta({ description: "Only these FtM schemata (Person, Vessel, ...); may repeat" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const SearchResult = z.object({
  query: z.string(),
  results: z.array(Entity.omit({ statements: true })),
});

export const DatasetVersion = z.object({
  version: z.number().int(),
  imported_at: z.string(),
  imported_by: z.string(),
  source: z.string(),
  format: z.string(),
  content_sha256: z.string(),
  published_at: z.string().nullable(),
  entity_count: z.number().int(),
  statement_count: z.number().int(),
  added_count: z.number().int(),
  removed_count: z.number().int(),
  skipped_count: z.number().int(),
});

export const Dataset = z.object({
  name: z.string(),
  title: z.string(),
  publisher: z.string(),
  url: z.string(),
  versions: z.array(DatasetVersion).meta({ description: "Newest first" }),
});

export const DatasetList = z.object({ datasets: z.array(Dataset) });

export const Health = z.object({
  status: z.enum(["ok", "unavailable"]),
  engine: z.enum(["pglite", "postgres"]),
  database_ms: z.number().optional(),
  message: z.string().optional(),
});

export const VersionInfo = z.object({
  name: z.string(),
  version: z.string(),
  engine: z.enum(["pglite", "postgres"]),
  datasets: z.array(
    z.object({
      name: z.string(),
      version: z.number().int(),
      published_at: z.string().nullable(),
      imported_at: z.string(),
    }),
  ),
});

export const ErrorBody = z
  .object({
    error: z.string().meta({ description: "A stable code, e.g. entity_not_found" }),
    message: z.string(),
    issues: z
      .array(
        z.object({
          message: z.string(),
          field: z.string().optional(),
          file: z.string().optional(),
          line: z.number().optional(),
          element: z.string().optional(),
          value: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({ description: "What went wrong" });

export type EntityBody = z.input<typeof Entity>;
export type NestedEntityBody = z.input<typeof NestedEntity>;
export type DatasetBody = z.input<typeof Dataset>;
