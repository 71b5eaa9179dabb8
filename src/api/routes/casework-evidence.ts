import type { FastifyRequest } from "fastify";
import { z } from "zod";
import {
  addEvidence,
  addEvidenceRecord,
  EvidenceBody,
  EvidenceDetailBody,
  type EvidenceFile,
  EvidenceKind,
  EvidenceMetaInput,
  EvidenceRecordInput,
  getEvidence,
  listEvidence,
  MAX_EVIDENCE_BYTES,
  RedactionInput,
  readEvidenceContent,
  redactEvidence,
  resolveRecipients,
} from "../../casework/index.js";
import { Invalid } from "../../model/index.js";
import { requirePrincipal } from "../auth.js";
import type { Context } from "../context.js";
import { evidencePage } from "../pages/evidence.js";
import { sendHtml, wantsHtml } from "../pages/html.js";
import { ErrorBody } from "../schema.js";
import type { App } from "../zod-schema.js";

export const READ_ERRORS = { 401: ErrorBody, 404: ErrorBody };
export const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = z.object({ id: z.string().max(200) });

const MULTIPART =
  "multipart/form-data with two parts: `meta` (JSON, the fields below) and `file` (one file; its part's content type is the media type, checked against the bytes).";

/**
 * Reads a multipart upload: one `meta` field (JSON, parsed with `schema`) and one `file`, at
 * most MAX_EVIDENCE_BYTES (a larger file answers 413 before anything is stored).
 */
async function readUpload<T>(
  request: FastifyRequest,
  schema: z.ZodType<T>,
): Promise<{ meta: T; file: EvidenceFile }> {
  let metaText: string | undefined;
  let file: EvidenceFile | undefined;
  if (!request.isMultipart())
    throw new Invalid("invalid_upload", "send multipart/form-data", [
      { field: "body", message: "not multipart" },
    ]);
  for await (const part of request.parts()) {
    if (part.type === "file") {
      if (part.fieldname !== "file" || file !== undefined)
        throw new Invalid("invalid_upload", "one file, in the part named `file`", [
          { field: part.fieldname, message: "unexpected file" },
        ]);
      file = {
        filename: part.filename,
        mediaType: part.mimetype,
        bytes: new Uint8Array(await part.toBuffer()),
      };
    } else if (part.fieldname === "meta") metaText = String(part.value);
  }
  if (metaText === undefined || file === undefined)
    throw new Invalid("invalid_upload", "an upload needs a `meta` field and a `file`", [
      { field: metaText === undefined ? "meta" : "file", message: "missing" },
    ]);
  let json: unknown;
  try {
    json = JSON.parse(metaText);
  } catch {
    throw new Invalid("invalid_upload", "meta is not JSON", [
      { field: "meta", message: "not JSON" },
    ]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      field: ["meta", ...i.path.map(String)].join("."),
      message: i.message,
    }));
    throw new Invalid(
      "invalid_request",
      `invalid meta: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  return { meta: parsed.data, file };
}

/** Evidence: upload, structured records, lists, one item with its custody, content, redaction. */
export function registerEvidenceRoutes(app: App, ctx: Context): void {
  app.post(
    "/casework/evidence",
    {
      schema: {
        summary: "Submit a file as evidence",
        description: `${MULTIPART} Accepted media types: image/png, image/jpeg, image/tiff, application/pdf, application/json, application/geo+json, KML, XML, text/plain, text/csv; at most ${MAX_EVIDENCE_BYTES} bytes. Stored content-addressed (SHA-256), never altered. A failed upload stores nothing.`,
        tags: ["casework"],
        consumes: ["multipart/form-data"],
        response: { 201: EvidenceBody, 413: ErrorBody, 415: ErrorBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { meta, file } = await readUpload(request, EvidenceMetaInput);
      const marking = await resolveRecipients(ctx, meta.marking);
      return reply.status(201).send(await addEvidence(ctx, principal, { ...meta, marking }, file));
    },
  );

  app.post(
    "/casework/evidence/records",
    {
      schema: {
        summary:
          "Submit a structured record (an AIS track, a transaction trace, a statement) as evidence",
        description:
          "The record is stored as canonical JSON; its SHA-256 is the item's content hash.",
        tags: ["casework"],
        body: EvidenceRecordInput,
        response: { 201: EvidenceBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const marking = await resolveRecipients(ctx, request.body.marking);
      return reply
        .status(201)
        .send(await addEvidenceRecord(ctx, principal, { ...request.body, marking }));
    },
  );

  app.get(
    "/casework/evidence",
    {
      schema: {
        summary: "Evidence the caller may see, newest first",
        description:
          "Filtered in the database by the marking rule (and row-level security). Reads of RED and AMBER+STRICT items are audited.",
        tags: ["casework"],
        querystring: z.object({
          kind: EvidenceKind.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ evidence: z.array(EvidenceBody) }), ...READ_ERRORS },
      },
    },
    async (request) => ({
      evidence: await listEvidence(ctx, requirePrincipal(request), request.query),
    }),
  );

  app.get(
    "/casework/evidence/:id",
    {
      schema: {
        summary: "One evidence item with its chain of custody",
        description:
          "404 when it does not exist or the caller may not see it (the two are not told apart). A browser gets the evidence page.",
        tags: ["casework"],
        params: IdParams,
        response: { 200: EvidenceDetailBody, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const evidence = await getEvidence(ctx, requirePrincipal(request), request.params.id);
      if (wantsHtml(request)) return sendHtml(reply, evidencePage(evidence));
      return evidence;
    },
  );

  app.get(
    "/casework/evidence/:id/content",
    {
      schema: {
        summary: "The stored bytes of an item",
        description:
          "Checked against the SHA-256 on the way out; `viewed` (or with ?export=true, `exported`) enters the chain of custody. Always sent as an attachment.",
        tags: ["casework"],
        params: IdParams,
        querystring: z.object({ export: z.enum(["true", "false"]).default("false") }),
        // Bytes go out as they are: Fastify does not serialize a Buffer.
        response: { 200: z.unknown().describe("the stored bytes"), ...READ_ERRORS, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const purpose = request.query.export === "true" ? "exported" : "viewed";
      const content = await readEvidenceContent(
        ctx,
        requirePrincipal(request),
        request.params.id,
        purpose,
      );
      return reply
        .status(200)
        .header(
          "content-disposition",
          `attachment; filename="${content.evidence.sha256}"; filename*=UTF-8''${encodeURIComponent(content.filename)}`,
        )
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox; default-src 'none'")
        .header("x-content-sha256", content.evidence.sha256)
        .type(content.mediaType)
        .send(Buffer.from(content.bytes));
    },
  );

  app.post(
    "/casework/evidence/:id/redactions",
    {
      schema: {
        summary: "Submit a redacted copy of an item (originating organisation only)",
        description: `${MULTIPART} meta: {reason, marking}. The copy is a new item linked to the original; the original is not altered.`,
        tags: ["casework"],
        params: IdParams,
        consumes: ["multipart/form-data"],
        response: { 201: EvidenceBody, 413: ErrorBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { meta, file } = await readUpload(request, RedactionInput);
      const marking = await resolveRecipients(ctx, meta.marking);
      return reply
        .status(201)
        .send(await redactEvidence(ctx, principal, request.params.id, { ...meta, marking }, file));
    },
  );
}
