import {
  type Algorithm,
  AlgorithmResponse,
  getAlgorithm,
  listAlgorithms,
  MatchParams,
  MatchQuerystring,
  MatchRequest,
  MatchResponse,
  SearchParams,
  SearchQuerystring,
  SearchResponse,
  screenAndRecord,
  searchIndex,
} from "../../screening/index.js";
import type { Context } from "../context.js";
import { ErrorBody } from "../schema.js";
import type { App } from "../zod-schema.js";

const YENTE =
  "Request and response follow OpenSanctions' yente, so yente clients work unchanged; `default` screens every dataset.";

/** yente's screening endpoints: `/match/{dataset}`, `/search/{dataset}`, `/algorithms`. */
export function registerScreeningRoutes(app: App, ctx: Context): void {
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
