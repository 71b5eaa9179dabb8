import { entityProvenance, getEntity, type Provenance, searchEntities } from "../../lists/index.js";
import { NotFound } from "../../model/index.js";
import type { Context } from "../context.js";
import { entityPage } from "../pages/entity.js";
import { sendHtml, wantsHtml } from "../pages/html.js";
import { searchPage } from "../pages/search.js";
import { presentEntity } from "../present.js";
import {
  Entity,
  EntityParams,
  EntityQuery,
  ErrorBody,
  SearchQuery,
  SearchResult,
} from "../schema.js";
import type { App } from "../zod-schema.js";

const HTML_NOTE = "A browser (Accept: text/html) gets the page instead of JSON.";

export function registerEntityRoutes(app: App, ctx: Context): void {
  app.get(
    "/entities/:id",
    {
      schema: {
        summary: "An entity with its sanctions and adjacent entities nested",
        description: `The FtM entity as yente serves it; \`statements=true\` adds every fact with its dataset and first/last seen. ${HTML_NOTE}`,
        tags: ["entities"],
        params: EntityParams,
        querystring: EntityQuery,
        response: { 200: Entity, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const entity = await getEntity(ctx, id);
      const { format } = request.query;
      if (format === "html" || (format === undefined && wantsHtml(request))) {
        const facts = await provenanceOf(ctx, [entity.id, ...entity.referents]);
        return sendHtml(reply, entityPage(entity, facts));
      }
      const body = presentEntity(entity);
      if (!request.query.statements) return body;
      return { ...body, statements: await provenanceOf(ctx, [entity.id, ...entity.referents]) };
    },
  );

  app.get(
    "/ui/entities/:id",
    { schema: { hide: true, params: EntityParams } },
    async (request, reply) => {
      const entity = await getEntity(ctx, request.params.id);
      const facts = await provenanceOf(ctx, [entity.id, ...entity.referents]);
      return sendHtml(reply, entityPage(entity, facts));
    },
  );

  app.get(
    "/search",
    {
      schema: {
        summary: "Entities whose names or identifiers contain every word of q",
        description: `Not the yente-compatible \`/search/{dataset}\`; that comes with screening. ${HTML_NOTE}`,
        tags: ["entities"],
        querystring: SearchQuery,
        response: { 200: SearchResult, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const { q, schema, limit } = request.query;
      const results = await searchEntities(ctx, q, {
        limit,
        ...(schema === undefined ? {} : { schemata: schema }),
      });
      if (wantsHtml(request)) return sendHtml(reply, searchPage(q, results));
      return { query: q, results: results.map(presentEntity) };
    },
  );
}

/** Facts of an entity and of the source ids merged into it (an id may have none of its own). */
async function provenanceOf(ctx: Context, ids: readonly string[]): Promise<Provenance[]> {
  const facts: Provenance[] = [];
  for (const id of ids) {
    try {
      facts.push(...(await entityProvenance(ctx, id)));
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
  }
  return facts;
}
