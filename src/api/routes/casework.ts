import multipart from "@fastify/multipart";
import { MAX_EVIDENCE_BYTES, recordRefusal } from "../../casework/index.js";
import { Forbidden, NotFound } from "../../model/index.js";
import type { Context } from "../context.js";
import type { App } from "../zod-schema.js";
import { registerDetectionRoutes } from "./casework-detections.js";
import { registerEvidenceRoutes } from "./casework-evidence.js";
import { registerIncidentRoutes } from "./casework-incidents.js";
import { registerRfiRoutes } from "./casework-rfis.js";

/**
 * Casework over HTTP: evidence, incidents, reviews, RFIs, recommendations. Every route needs a
 * caller (401 without); what they see and may do is the policy layer's answer, and each record
 * in a reply carries `actions`, the actions the caller may take on it.
 */
export async function registerCaseworkRoutes(app: App, ctx: Context): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 4, fieldSize: 1024 * 1024, parts: 6 },
    throwFileSizeLimit: true,
    // Keep "../" in names so that checkFilename refuses them, rather than busboy quietly trimming.
    preservePath: true,
  });
  // Refusals of an authenticated caller go into the audit log (guessing ids leaves a trail).
  app.addHook("onError", async (request, _reply, error) => {
    if (!request.url.startsWith("/casework") || request.principal === undefined) return;
    if (!(error instanceof NotFound) && !(error instanceof Forbidden)) return;
    const path = request.url.split("?")[0] ?? request.url;
    request.log.warn(
      { user: request.principal.username, path, code: error.code },
      "casework request refused",
    );
    await recordRefusal(ctx, request.principal, {
      method: request.method,
      path,
      status: error instanceof NotFound ? 404 : 403,
      code: error.code,
    });
  });
  registerEvidenceRoutes(app, ctx);
  registerIncidentRoutes(app, ctx);
  registerRfiRoutes(app, ctx);
  registerDetectionRoutes(app, ctx);
}
