import { z } from "zod";
import {
  addReview,
  attachEvidence,
  DetectorEvent,
  EntityLink,
  getIncident,
  IncidentBody,
  IncidentDetailBody,
  IncidentInput,
  IncidentStatus,
  linkEntities,
  listIncidents,
  openIncident,
  promoteEventToLead,
  ReviewBody,
  ReviewInput,
  resolveRecipients,
  TransitionInput,
  transitionIncident,
} from "../../casework/index.js";
import { requirePrincipal } from "../auth.js";
import type { Context } from "../context.js";
import { sendHtml, wantsHtml } from "../pages/html.js";
import { incidentListPage, incidentPage } from "../pages/incident.js";
import type { App } from "../zod-schema.js";
import { READ_ERRORS, WRITE_ERRORS } from "./casework-evidence.js";

const IdParams = z.object({ id: z.string().max(200) });

/** Incidents: open, list, read (JSON or the incident page), attach, link, move, review. */
export function registerIncidentRoutes(app: App, ctx: Context): void {
  app.post(
    "/casework/incidents",
    {
      schema: {
        summary: "Open an incident (status lead)",
        description:
          "Entities must exist in the entity store; evidence must be visible to the caller.",
        tags: ["casework"],
        body: IncidentInput,
        response: { 201: IncidentBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const marking = await resolveRecipients(ctx, request.body.marking);
      return reply
        .status(201)
        .send(await openIncident(ctx, principal, { ...request.body, marking }));
    },
  );

  app.post(
    "/casework/events",
    {
      schema: {
        summary: "Promote a detector event (maritime or chain) to a lead",
        tags: ["casework"],
        body: DetectorEvent,
        response: { 201: IncidentBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      return reply.status(201).send(await promoteEventToLead(ctx, principal, request.body));
    },
  );

  app.get(
    "/casework/incidents",
    {
      schema: {
        summary: "Incidents the caller may see, newest first",
        tags: ["casework"],
        querystring: z.object({
          status: IncidentStatus.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ incidents: z.array(IncidentBody) }), ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const incidents = await listIncidents(ctx, requirePrincipal(request), request.query);
      if (wantsHtml(request)) return sendHtml(reply, incidentListPage(incidents));
      return { incidents };
    },
  );

  app.get(
    "/casework/incidents/:id",
    {
      schema: {
        summary: "An incident with its evidence, corroboration, reviews (dissent included), RFIs",
        description:
          "404 when it does not exist or the caller may not see it. A browser gets the incident page.",
        tags: ["casework"],
        params: IdParams,
        response: { 200: IncidentDetailBody, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const incident = await getIncident(ctx, requirePrincipal(request), request.params.id);
      if (wantsHtml(request)) return sendHtml(reply, incidentPage(incident));
      return incident;
    },
  );

  app.post(
    "/casework/incidents/:id/evidence",
    {
      schema: {
        summary: "Attach evidence items to an incident",
        tags: ["casework"],
        params: IdParams,
        body: z.object({ evidence_ids: z.array(z.string().max(200)).min(1).max(200) }),
        response: { 200: IncidentBody, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      attachEvidence(ctx, requirePrincipal(request), request.params.id, request.body.evidence_ids),
  );

  app.post(
    "/casework/incidents/:id/entities",
    {
      schema: {
        summary: "Link entities of the entity store to an incident",
        tags: ["casework"],
        params: IdParams,
        body: z.object({ entities: z.array(EntityLink).min(1).max(200) }),
        response: { 200: IncidentBody, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      linkEntities(ctx, requirePrincipal(request), request.params.id, request.body.entities),
  );

  app.post(
    "/casework/incidents/:id/transitions",
    {
      schema: {
        summary:
          "Move an incident: investigating, substantiated (coordinator sign-off), not substantiated, closed",
        description:
          "Substantiation is refused (400 not_corroborated, with the rule's reasons) unless the evidentiary rule holds.",
        tags: ["casework"],
        params: IdParams,
        body: TransitionInput,
        response: { 200: IncidentBody, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      transitionIncident(
        ctx,
        requirePrincipal(request),
        request.params.id,
        request.body.to,
        request.body.reason,
      ),
  );

  app.post(
    "/casework/incidents/:id/reviews",
    {
      schema: {
        summary:
          "Review an incident: agree, challenge or dissent, with a reason (reviewers of other organisations)",
        description:
          "Reviews are append-only; a dissent stays on the record and is shown with the incident.",
        tags: ["casework"],
        params: IdParams,
        body: ReviewInput,
        response: { 201: ReviewBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addReview(ctx, requirePrincipal(request), request.params.id, request.body)),
  );
}
