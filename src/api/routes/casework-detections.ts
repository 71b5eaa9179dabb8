import { z } from "zod";
import { MarkingInput } from "../../access/marking.js";
import {
  Credibility,
  EvidenceBody,
  IncidentBody,
  promoteMaritimeEvent,
  promoteTrace,
  Reliability,
  resolveRecipients,
  saveTraceAsEvidence,
} from "../../casework/index.js";
import { requirePrincipal } from "../auth.js";
import type { Context } from "../context.js";
import type { App } from "../zod-schema.js";
import { WRITE_ERRORS } from "./casework-evidence.js";

const IdParams = z.object({ id: z.string().max(200) });

const GradingInput = z
  .object({
    marking: MarkingInput.optional(),
    reliability: Reliability.optional(),
    credibility: Credibility.optional(),
  })
  .default({});

/**
 * Detector output into casework: a stored maritime event or chain trace becomes an evidence
 * record and a lead with it attached (or, for a trace, evidence only). Defaults: TLP:AMBER to
 * the caller's organisation, graded C3 until the analyst grades it.
 */
export function registerDetectionRoutes(app: App, ctx: Context): void {
  app.post(
    "/casework/events/maritime/:id",
    {
      schema: {
        summary: "Promote a stored maritime event to a lead, with the event as evidence",
        tags: ["casework"],
        params: IdParams,
        body: GradingInput,
        response: { 201: IncidentBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const grading = await resolveGrading(ctx, request.body);
      const lead = await promoteMaritimeEvent(ctx, principal, request.params.id, grading);
      return reply.status(201).send(lead);
    },
  );

  app.post(
    "/casework/events/chain/:id",
    {
      schema: {
        summary: "Promote a saved chain trace to a laundering lead, with the trace as evidence",
        tags: ["casework"],
        params: IdParams,
        body: GradingInput,
        response: { 201: IncidentBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const grading = await resolveGrading(ctx, request.body);
      return reply.status(201).send(await promoteTrace(ctx, principal, request.params.id, grading));
    },
  );

  app.post(
    "/casework/evidence/traces/:id",
    {
      schema: {
        summary: "Save a chain trace as a transaction_trace evidence record",
        tags: ["casework"],
        params: IdParams,
        body: GradingInput,
        response: { 201: EvidenceBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const grading = await resolveGrading(ctx, request.body);
      const evidence = await saveTraceAsEvidence(ctx, principal, request.params.id, grading);
      return reply.status(201).send(evidence);
    },
  );
}

async function resolveGrading(ctx: Context, body: z.infer<typeof GradingInput>) {
  return {
    ...body,
    ...(body.marking === undefined ? {} : { marking: await resolveRecipients(ctx, body.marking) }),
  };
}
