import { z } from "zod";
import { Invalid } from "../../model/index.js";
import {
  type Algorithm,
  AlgorithmResponse,
  getAlgorithm,
  listAlgorithms,
  MatchParams,
  MatchQuerystring,
  MatchRequest,
  MatchResponse,
  parseQuery,
  SearchParams,
  SearchQuerystring,
  SearchResponse,
  screenAndRecord,
  searchIndex,
} from "../../screening/index.js";
import type { Context } from "../context.js";
import { sendHtml } from "../pages/html.js";
import { type ScreenForm, screenPage } from "../pages/screen.js";
import { ErrorBody } from "../schema.js";
import type { App } from "../zod-schema.js";

const YENTE =
  "Request and response follow OpenSanctions' yente, so yente clients work unchanged; `default` screens every dataset.";

const ScreenFormQuery = z.object({
  name: z.string().default(""),
  schema: z.string().default("Person"),
  birthDate: z.string().default(""),
  country: z.string().default(""),
  identifier: z.string().default(""),
});

/** Where the form's one identifier goes, by what is screened. */
const IDENTIFIER_PROP: Readonly<Record<string, string>> = {
  Person: "passportNumber",
  Vessel: "imoNumber",
  Airplane: "registrationNumber",
};

/** The form as a screening query: only what the user filled in. */
function formQuery(form: ScreenForm): Record<string, unknown> {
  const properties: Record<string, string[]> = { name: [form.name.trim()] };
  if (form.birthDate.trim() !== "") properties.birthDate = [form.birthDate.trim()];
  if (form.country.trim() !== "")
    properties[form.schema === "Person" ? "nationality" : "country"] = [form.country.trim()];
  if (form.identifier.trim() !== "")
    properties[IDENTIFIER_PROP[form.schema] ?? "registrationNumber"] = [form.identifier.trim()];
  return { schema: form.schema, properties };
}

/** yente's screening endpoints: `/match/{dataset}`, `/search/{dataset}`, `/algorithms`. */
export function registerScreeningRoutes(app: App, ctx: Context): void {
  app.get(
    "/ui/screen",
    { schema: { hide: true, querystring: ScreenFormQuery } },
    async (request, reply) => {
      const form = request.query;
      if (form.name.trim() === "") return sendHtml(reply, screenPage(form));
      try {
        const query = parseQuery(formQuery(form));
        const recorded = await screenAndRecord(ctx, { form: query }, { client: request.ip });
        const response = recorded.responses.form;
        if (response === undefined) throw new Error("the screening returned no response");
        return sendHtml(reply, screenPage(form, { response, requestId: recorded.requestId }));
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        const detail = error.issues.map((i) => `${i.field ?? ""}: ${i.message}`).join("; ");
        return sendHtml(reply, screenPage(form, { error: detail || error.message }), 400);
      }
    },
  );

  app.post(
    "/match/:dataset",
    {
      schema: {
        summary: "Screen entities (people, companies, vessels, wallets) against the lists",
        description: `${YENTE} Every request is recorded with the list versions it was screened against, in the audit log.`,
        tags: ["screening"],
        params: MatchParams,
        querystring: MatchQuerystring,
        body: MatchRequest,
        response: { 200: MatchResponse, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { threshold, cutoff, limit, algorithm } = request.query;
      const recorded = await screenAndRecord(ctx, request.body.queries, {
        dataset: request.params.dataset,
        cutoff,
        limit,
        client: request.ip,
        ...(threshold === undefined ? {} : { threshold }),
        ...(algorithm === undefined ? {} : { algorithm }),
      });
      return {
        responses: recorded.responses,
        matcher: featureDocs(recorded.algorithm),
        limit: recorded.limit,
        request_id: recorded.requestId,
      };
    },
  );

  app.get(
    "/search/:dataset",
    {
      schema: {
        summary: "Entities whose names or identifiers share words with q",
        description: `${YENTE} Ranked by how rare the shared words are; no scoring.`,
        tags: ["screening"],
        params: SearchParams,
        querystring: SearchQuerystring,
        response: { 200: SearchResponse, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { q, schema, limit, offset } = request.query;
      return searchIndex(ctx, q, { dataset: request.params.dataset, schema, limit, offset });
    },
  );

  app.get(
    "/algorithms",
    {
      schema: {
        summary: "The matching algorithms, their features and weights",
        tags: ["screening"],
        response: { 200: AlgorithmResponse },
      },
    },
    async () => {
      const best = getAlgorithm("best");
      return {
        algorithms: listAlgorithms().map((a) => ({
          name: a.name,
          description: a.description,
          features: featureDocs(a),
        })),
        default: getAlgorithm().name,
        best: best.name,
      };
    },
  );
}

/** yente's FeatureDocs: feature → description and coefficient (its weight). */
function featureDocs(algorithm: Algorithm) {
  return Object.fromEntries(
    Object.entries(algorithm.features).map(([name, f]) => [
      name,
      { description: f.description, coefficient: f.weight, url: null },
    ]),
  );
}
