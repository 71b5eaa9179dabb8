import { z } from "zod";
import {
  closeRfiWithoutReply,
  describeRule,
  exportListingForm,
  getRfi,
  getRule,
  listRecommendations,
  listRfis,
  RecommendationBody,
  RecommendationInput,
  ReminderInput,
  ReplyInput,
  RfiBody,
  RfiInput,
  RuleInput,
  recommendDesignation,
  recordReply,
  remindRfi,
  resolveRecipients,
  sendRfi,
  setRule,
} from "../../casework/index.js";
import { requirePrincipal } from "../auth.js";
import type { Context } from "../context.js";
import type { App } from "../zod-schema.js";
import { READ_ERRORS, WRITE_ERRORS } from "./casework-evidence.js";

const IdParams = z.object({ id: z.string().max(200) });

/** RFIs, designation recommendations (with the listing-form export) and the evidentiary rule. */
export function registerRfiRoutes(app: App, ctx: Context): void {
  app.post(
    "/casework/rfis",
    {
      schema: {
        summary: "Record a request for information sent to a government or company",
        tags: ["casework"],
        body: RfiInput,
        response: { 201: RfiBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const marking = await resolveRecipients(ctx, request.body.marking);
      return reply.status(201).send(await sendRfi(ctx, principal, { ...request.body, marking }));
    },
  );

  app.get(
    "/casework/rfis",
    {
      schema: {
        summary: "RFIs the caller may see; status overdue when still unanswered past the due date",
        tags: ["casework"],
        querystring: z.object({ incident_id: z.string().max(200).optional() }),
        response: { 200: z.object({ rfis: z.array(RfiBody) }), ...READ_ERRORS },
      },
    },
    async (request) => ({
      rfis: await listRfis(ctx, requirePrincipal(request), {
        ...(request.query.incident_id === undefined
          ? {}
          : { incidentId: request.query.incident_id }),
      }),
    }),
  );

  app.get(
    "/casework/rfis/:id",
    {
      schema: {
        summary: "One RFI with reminders and replies",
        tags: ["casework"],
        params: IdParams,
        response: { 200: RfiBody, ...READ_ERRORS },
      },
    },
    async (request) => getRfi(ctx, requirePrincipal(request), request.params.id),
  );

  app.post(
    "/casework/rfis/:id/reminders",
    {
      schema: {
        summary: "Record a reminder sent",
        tags: ["casework"],
        params: IdParams,
        body: ReminderInput,
        response: { 200: RfiBody, ...WRITE_ERRORS },
      },
    },
    async (request) => remindRfi(ctx, requirePrincipal(request), request.params.id, request.body),
  );

  app.post(
    "/casework/rfis/:id/replies",
    {
      schema: {
        summary:
          "Record a reply (or a refusal); its text becomes an evidence item attached to the incident",
        tags: ["casework"],
        params: IdParams,
        body: ReplyInput,
        response: { 200: RfiBody, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const marking = await resolveRecipients(ctx, request.body.marking);
      return recordReply(ctx, principal, request.params.id, { ...request.body, marking });
    },
  );

  app.post(
    "/casework/rfis/:id/no-reply",
    {
      schema: {
        summary: "Close an RFI that was never answered",
        tags: ["casework"],
        params: IdParams,
        response: { 200: RfiBody, ...WRITE_ERRORS },
      },
    },
    async (request) => closeRfiWithoutReply(ctx, requirePrincipal(request), request.params.id),
  );

  app.post(
    "/casework/recommendations",
    {
      schema: {
        summary:
          "Recommend a designation: an entity, substantiated findings, statement of case, identifiers",
        tags: ["casework"],
        body: RecommendationInput,
        response: { 201: RecommendationBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const marking = await resolveRecipients(ctx, request.body.marking);
      return reply
        .status(201)
        .send(await recommendDesignation(ctx, principal, { ...request.body, marking }));
    },
  );

  app.get(
    "/casework/recommendations",
    {
      schema: {
        summary: "Recommendations the caller may see",
        tags: ["casework"],
        response: {
          200: z.object({ recommendations: z.array(RecommendationBody) }),
          ...READ_ERRORS,
        },
      },
    },
    async (request) => ({
      recommendations: await listRecommendations(ctx, requirePrincipal(request)),
    }),
  );

  app.get(
    "/casework/recommendations/:id/listing-form",
    {
      schema: {
        summary:
          "A recommendation in the fields of the UN 1718 Committee's listing form (coordinators; audited)",
        tags: ["casework"],
        params: IdParams,
        response: { 200: z.record(z.string(), z.unknown()), ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const form = await exportListingForm(ctx, requirePrincipal(request), request.params.id);
      return { ...form };
    },
  );

  app.get(
    "/casework/rule",
    {
      schema: {
        summary: "The evidentiary rule substantiation is held to",
        tags: ["casework"],
        response: { 200: RuleInput.extend({ method: z.string() }), ...READ_ERRORS },
      },
    },
    async (request) => {
      requirePrincipal(request);
      const rule = await getRule(ctx);
      return { ...rule, method: describeRule(rule) };
    },
  );

  app.put(
    "/casework/rule",
    {
      schema: {
        summary: "Set the evidentiary rule (coordinators, administrators; audited)",
        tags: ["casework"],
        body: RuleInput,
        response: { 200: RuleInput.extend({ method: z.string() }), ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const rule = await setRule(ctx, requirePrincipal(request), request.body);
      return { ...rule, method: describeRule(rule) };
    },
  );
}
