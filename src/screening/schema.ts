import { z } from "zod";
import { cleanDate, findProperty, ftm, Invalid, type Issue } from "../model/index.js";
import { NAME_PROPS } from "./candidates.js";
import type { ScreeningQuery } from "./types.js";

/**
 * The shapes screening reads and writes, as yente defines them (yente/data/common.py:
 * EntityExample, EntityMatches, EntityMatchResponse, SearchResponse, AlgorithmResponse). The
 * HTTP routes validate and serialize with them; the CLI parses its JSON lines with them.
 */

/** Longest name a query may hold; real names are far shorter, longer is a pasted document. */
export const MAX_NAME_LENGTH = 1000;
/** Most queries in one request, as yente's MAX_BATCH. */
export const MAX_BATCH = 100;

const NAME_LIKE = new Set<string>([
  ...NAME_PROPS,
  "firstName",
  "secondName",
  "middleName",
  "fatherName",
  "lastName",
]);

/** A query entity as yente takes it: a property is one string or a list of strings. */
export const QueryExample = z
  .object({
    id: z.string().max(200).optional(),
    schema: z.string().min(1),
    properties: z.record(z.string(), z.union([z.string(), z.array(z.string()).max(100)])),
  })
  .superRefine((query, ctx) => {
    const schema = ftm.schemata[query.schema];
    if (schema === undefined || !schema.matchable) {
      ctx.addIssue({
        code: "custom",
        path: ["schema"],
        message:
          schema === undefined
            ? `unknown FtM schema "${query.schema}"`
            : `${query.schema} cannot be screened (use Person, Organization, Company, LegalEntity, Vessel, Airplane or CryptoWallet)`,
      });
      return;
    }
    let named = false;
    let identified = false;
    for (const [prop, raw] of Object.entries(query.properties)) {
      const property = findProperty(schema, prop);
      if (property === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["properties", prop],
          message: `${query.schema} has no property "${prop}"`,
        });
        continue;
      }
      const values = (typeof raw === "string" ? [raw] : raw).map((v) => v.trim());
      values.forEach((value, i) => {
        const path = typeof raw === "string" ? ["properties", prop] : ["properties", prop, i];
        if (value.length > MAX_NAME_LENGTH)
          ctx.addIssue({
            code: "custom",
            path,
            message: `longer than ${MAX_NAME_LENGTH} characters (${value.length})`,
          });
        if (property.type.name === "date" && value !== "") {
          const cleaned = cleanDate(value);
          if (!cleaned.ok) ctx.addIssue({ code: "custom", path, message: cleaned.message });
        }
        if (value === "") return;
        if (NAME_LIKE.has(prop)) named = true;
        if (property.type.name === "identifier" && prop !== "programId") identified = true;
      });
    }
    if (!named && !identified)
      ctx.addIssue({
        code: "custom",
        path: ["properties"],
        message: "a query needs a name (name, alias, firstName, lastName...) or an identifier",
      });
  })
  .transform(
    (query): ScreeningQuery => ({
      ...(query.id === undefined ? {} : { id: query.id }),
      schema: query.schema,
      properties: Object.fromEntries(
        Object.entries(query.properties)
          .map(([prop, raw]): [string, string[]] => [
            prop,
            (typeof raw === "string" ? [raw] : raw).map((v) => v.trim()).filter((v) => v !== ""),
          ])
          .filter(([, values]) => values.length > 0),
      ),
    }),
  )
  .meta({ description: "An entity to screen: an FtM schema and property values" });

/** Parses one query; throws Invalid naming each field at fault (`field` prefixed by `at`). */
export function parseQuery(input: unknown, at = ""): ScreeningQuery {
  const result = QueryExample.safeParse(input);
  if (result.success) return result.data;
  throw invalidQuery(result.error.issues, at);
}

/** An Invalid from zod issues, each naming its field. */
export function invalidQuery(
  zodIssues: readonly { path: readonly PropertyKey[]; message: string }[],
  at = "",
): Invalid {
  const issues: Issue[] = zodIssues.map((issue) => ({
    field: [at, ...issue.path.map(String)].filter(Boolean).join("."),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return new Invalid("invalid_query", `invalid query: ${summary}`, issues);
}

export const MatchRequest = z.object({
  weights: z.record(z.string(), z.number()).optional(),
  queries: z
    .record(z.string().max(200), QueryExample)
    .refine((q) => Object.keys(q).length > 0, { message: "no queries" })
    .refine((q) => Object.keys(q).length <= MAX_BATCH, {
      message: `at most ${MAX_BATCH} queries per request`,
    }),
});

export const MatchParams = z.object({
  dataset: z.string().min(1).max(100).meta({ description: '"default" for every dataset' }),
});

const unit = z.coerce.number().min(0).max(1);

export const MatchQuerystring = z.object({
  threshold: unit.optional().meta({ description: "Score at which a result is a match" }),
  cutoff: unit.default(0).meta({ description: "Leave out results scoring at or below this" }),
  limit: z.coerce.number().int().min(1).max(500).default(5),
  algorithm: z.string().max(100).optional().meta({ description: "See GET /algorithms" }),
});

export const SearchParams = MatchParams;

export const SearchQuerystring = z.object({
  q: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  schema: z
    .string()
    .refine((s) => ftm.schemata[s] !== undefined, { message: "unknown FtM schema" })
    .default("Thing"),
  limit: z.coerce.number().int().min(1).max(500).default(10),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

const TotalSpec = z.object({ value: z.number().int(), relation: z.string() });

const entityFields = {
  id: z.string(),
  caption: z.string(),
  schema: z.string(),
  properties: z.record(z.string(), z.array(z.string())),
  datasets: z.array(z.string()),
  referents: z.array(z.string()),
  target: z.boolean(),
  first_seen: z.string().nullable(),
  last_seen: z.string().nullable(),
  last_change: z.string().nullable(),
};

export const EntityResponse = z.object(entityFields);

export const ScoredEntity = z.object({
  ...entityFields,
  score: z.number(),
  match: z.boolean(),
  features: z.record(z.string(), z.number()),
});

export const EntityMatches = z.object({
  status: z.number().int(),
  results: z.array(ScoredEntity),
  total: TotalSpec,
  query: z.object({
    id: z.string().optional(),
    schema: z.string(),
    properties: z.record(z.string(), z.array(z.string())),
  }),
});

const FeatureDocs = z.record(
  z.string(),
  z.object({ description: z.string(), coefficient: z.number(), url: z.string().nullable() }),
);

export const MatchResponse = z.object({
  responses: z.record(z.string(), EntityMatches),
  matcher: FeatureDocs,
  limit: z.number().int(),
  request_id: z.string().meta({ description: "The recorded request (audit)" }),
});

export const SearchResponse = z.object({
  limit: z.number().int(),
  offset: z.number().int(),
  total: TotalSpec,
  results: z.array(EntityResponse),
  facets: z.record(z.string(), z.unknown()),
});

export const AlgorithmResponse = z.object({
  algorithms: z.array(
    z.object({ name: z.string(), description: z.string(), features: FeatureDocs }),
  ),
  default: z.string(),
  best: z.string(),
});

export type ScoredEntityBody = z.input<typeof ScoredEntity>;
export type EntityMatchesBody = z.input<typeof EntityMatches>;
export type EntityResponseBody = z.input<typeof EntityResponse>;
