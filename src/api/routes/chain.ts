import { z } from "zod";
import {
  AddressPage,
  CsvUpload,
  ExportQuery,
  ExposureBody,
  ExposureResponse,
  exposureOf,
  getTrace,
  ImportResponse,
  importLabels,
  importTransfers,
  listTraces,
  parseSeeds,
  TraceBody,
  TraceList,
  TraceParams,
  type TraceResult,
  TraceResultBody,
  toCytoscape,
  toGraphMl,
  toStixBundle,
  traceFunds,
} from "../../chain/index.js";
import { Invalid } from "../../model/index.js";
import { callerContext, requirePrincipal } from "../auth.js";
import type { Context } from "../context.js";
import { type ChainForm, chainPage } from "../pages/chain.js";
import { sendHtml } from "../pages/html.js";
import { ErrorBody } from "../schema.js";
import type { App } from "../zod-schema.js";

/** A trace in the response's (mutable) shape, with one page of its reached addresses. */
function presentTrace(
  t: TraceResult,
  page: z.infer<typeof AddressPage>,
): z.input<typeof TraceResultBody> {
  return {
    id: t.id,
    request: {
      ...(({ serviceCategories: _s, assets: _a, ...rest }) => rest)(t.request),
      seeds: [...t.request.seeds],
      ...(t.request.serviceCategories === undefined
        ? {}
        : { serviceCategories: [...t.request.serviceCategories] }),
      ...(t.request.assets === undefined ? {} : { assets: [...t.request.assets] }),
    },
    summary: {
      ...t.summary,
      seeds: [...t.summary.seeds],
      unknown_seeds: [...t.summary.unknown_seeds],
      services: [...t.summary.services],
      designated: [...t.summary.designated],
      lookalikes: [...t.summary.lookalikes],
    },
    addresses: t.addresses
      .slice(page.offset, page.offset + page.limit)
      .map((a) => ({ ...a, labels: [...a.labels] })),
    edges: [...t.edges],
  };
}

const ChainFormQuery = z.object({
  seeds: z.string().default(""),
  method: z.enum(["haircut", "fifo", "poison"]).default("haircut"),
  maxHops: z.string().default(""),
});

/**
 * Chain routes: imports, traces (saved under stable ids), exposure, exports, and the trace page.
 * Every one needs a signed-in member: traces name the addresses an investigation follows, and
 * imports change what every trace reads (the audit log names who made them).
 */
export function registerChainRoutes(app: App, ctx: Context): void {
  app.get(
    "/ui/chain",
    { schema: { hide: true, querystring: ChainFormQuery } },
    async (request, reply) => {
      const acting = callerContext(ctx, request);
      const form: ChainForm = request.query;
      if (form.seeds.trim() === "") return sendHtml(reply, chainPage(form));
      try {
        const maxHops = form.maxHops.trim() === "" ? undefined : Number(form.maxHops);
        if (maxHops !== undefined && (!Number.isInteger(maxHops) || maxHops < 0))
          throw new Invalid("invalid_hops", "max hops must be a whole number");
        const trace = await traceFunds(acting, {
          seeds: parseSeeds(form.seeds),
          method: request.query.method,
          ...(maxHops === undefined ? {} : { maxHops }),
        });
        return sendHtml(reply, chainPage(form, { trace }));
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return sendHtml(
          reply,
          chainPage(form, {
            error: [
              error.message,
              ...error.issues.map((i) => `${i.field ?? ""} ${i.message} ${i.value ?? ""}`),
            ].join("; "),
          }),
          400,
        );
      }
    },
  );

  app.get(
    "/ui/chain/traces/:id",
    { schema: { hide: true, params: TraceParams } },
    async (request, reply) => {
      requirePrincipal(request);
      const trace = await getTrace(ctx, request.params.id);
      return sendHtml(
        reply,
        chainPage(
          {
            seeds: trace.request.seeds.join(","),
            method: trace.request.method,
            maxHops: String(trace.request.maxHops ?? ""),
          },
          { trace },
        ),
      );
    },
  );

  app.post(
    "/chain/transfers",
    {
      // Transfer files run to tens of MB; Fastify's default limit is 1 MiB.
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        summary:
          "Import transfers from CSV text (tx,time,from,to,asset,amount, or an explorer export)",
        description:
          "Every row is verified first (amounts, assets, address checksums, time order); a bad row fails the whole file with every issue, and nothing is stored. Repeated rows are stored once.",
        tags: ["chain"],
        body: CsvUpload,
        response: { 200: ImportResponse, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const result = await importTransfers(callerContext(ctx, request), {
        text: request.body.csv,
        file: request.body.file,
        ...(request.body.asset === undefined ? {} : { asset: request.body.asset }),
      });
      return {
        file: result.file,
        rows: result.rows,
        added: result.added,
        duplicates: result.duplicates.length,
        format: result.format,
      };
    },
  );

  app.post(
    "/chain/labels",
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        summary: "Import address labels (address,label,category,source)",
        tags: ["chain"],
        body: CsvUpload,
        response: { 200: ImportResponse, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) =>
      importLabels(callerContext(ctx, request), request.body.file, {
        text: request.body.csv,
        file: request.body.file,
      }),
  );

  app.post(
    "/chain/traces",
    {
      schema: {
        summary: "Trace funds from seed addresses by poison, haircut or FIFO",
        description:
          "The result is saved under an id derived from the request and the data, so the same trace is the same id. The response lists a page of the reached addresses (limit, offset); summary.reached counts them all.",
        tags: ["chain"],
        body: TraceBody,
        querystring: AddressPage,
        response: { 200: TraceResultBody, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) =>
      presentTrace(
        await traceFunds(callerContext(ctx, request), {
          ...request.body,
          seeds: parseSeeds(request.body.seeds.join("\n")),
        }),
        request.query,
      ),
  );

  app.get(
    "/chain/traces",
    {
      schema: {
        summary: "Saved traces, newest first",
        tags: ["chain"],
        response: { 200: TraceList, 401: ErrorBody },
      },
    },
    async (request) => {
      requirePrincipal(request);
      return { traces: await listTraces(ctx) };
    },
  );

  app.get(
    "/chain/traces/:id",
    {
      schema: {
        summary: "A saved trace, with a page of its reached addresses (limit, offset)",
        tags: ["chain"],
        params: TraceParams,
        querystring: AddressPage,
        response: { 200: TraceResultBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      requirePrincipal(request);
      return presentTrace(await getTrace(ctx, request.params.id), request.query);
    },
  );

  app.get(
    "/chain/traces/:id/export",
    {
      schema: {
        summary: "A saved trace as GraphML, Cytoscape JSON or a STIX 2.1 bundle of indicators",
        tags: ["chain"],
        params: TraceParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      requirePrincipal(request);
      const trace = await getTrace(ctx, request.params.id);
      switch (request.query.format) {
        case "graphml":
          return reply.type("application/graphml+xml; charset=utf-8").send(toGraphMl(trace));
        case "cytoscape":
          return reply
            .type("application/json; charset=utf-8")
            .send(JSON.stringify(toCytoscape(trace)));
        case "stix":
          return reply
            .type("application/stix+json;version=2.1")
            .send(JSON.stringify(toStixBundle(trace)));
      }
    },
  );

  app.post(
    "/chain/exposure",
    {
      schema: {
        summary: "How much of what reached the addresses came from the seeds, by method and hops",
        tags: ["chain"],
        body: ExposureBody,
        response: { 200: ExposureResponse, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      requirePrincipal(request);
      const { trace, seeds, addresses, ...rest } = request.body;
      const base = trace !== undefined ? (await getTrace(ctx, trace)).request : undefined;
      const seedList = base?.seeds ?? seeds;
      if (seedList === undefined)
        throw new Invalid("invalid_request", "give seeds or trace", [
          { field: "body.seeds", message: "required without trace" },
        ]);
      const { method: _, ...baseRest } = base ?? { method: "haircut" as const };
      const result = await exposureOf(ctx, {
        ...baseRest,
        ...rest,
        seeds: parseSeeds(seedList.join("\n")),
        addresses: parseSeeds(addresses.join("\n"), "addresses"),
      });
      return { ...result, rows: result.rows.map((r) => ({ ...r, labels: [...r.labels] })) };
    },
  );
}
