import { z } from "zod";
import { MarkingBody, MarkingInput } from "../access/marking.js";

/**
 * The shapes casework takes and gives: the API validates and serializes with them, the CLI
 * parses its JSON with them, and the domain returns them (snake_case, as the API shows them).
 */

export const EVIDENCE_KINDS = [
  "imagery",
  "document",
  "ais_track",
  "transaction_trace",
  "state_statement",
  "other",
] as const;
export const EvidenceKind = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

/** Admiralty code: source reliability A (completely reliable) … F (cannot be judged). */
export const Reliability = z.enum(["A", "B", "C", "D", "E", "F"]);
/** Admiralty code: information credibility 1 (confirmed) … 6 (cannot be judged). */
export const Credibility = z.coerce.number().int().min(1).max(6);

const Text = (max: number) => z.string().max(max);
const When = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const EvidenceMetaInput = z.object({
  kind: EvidenceKind,
  title: Text(300).min(1),
  description: Text(10_000).default(""),
  collected_at: When,
  reliability: Reliability,
  credibility: Credibility,
  marking: MarkingInput,
});
export type EvidenceMetaInput = z.infer<typeof EvidenceMetaInput>;

/** A structured record (an AIS track, a transaction trace, a state's statement) as evidence. */
export const EvidenceRecordInput = EvidenceMetaInput.extend({
  record: z.record(z.string(), z.unknown()),
});
export type EvidenceRecordInput = z.infer<typeof EvidenceRecordInput>;

export const RedactionInput = z.object({
  reason: Text(2000).min(1),
  marking: MarkingInput,
});
export type RedactionInput = z.infer<typeof RedactionInput>;

export const Actions = z.array(z.string()).describe("what the caller may do with this record");

export const EvidenceBody = z.object({
  id: z.string(),
  sha256: z.string(),
  kind: EvidenceKind,
  title: z.string(),
  description: z.string(),
  filename: z.string(),
  media_type: z.string(),
  size_bytes: z.number(),
  collected_at: z.string(),
  reliability: Reliability,
  credibility: z.number(),
  admiralty: z.string().describe("reliability and credibility, e.g. B2"),
  redacted_from: z.string().nullable(),
  submitted_by: z.string(),
  created_at: z.string(),
  marking: MarkingBody,
  actions: Actions,
});
export type EvidenceBody = z.infer<typeof EvidenceBody>;

export const CustodyEntryBody = z.object({
  action: z.enum(["received", "viewed", "exported", "redacted"]),
  by: z.string(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type CustodyEntryBody = z.infer<typeof CustodyEntryBody>;

export const EvidenceDetailBody = EvidenceBody.extend({ custody: z.array(CustodyEntryBody) });
export type EvidenceDetailBody = z.infer<typeof EvidenceDetailBody>;

export const TYPOLOGIES = [
  "arms_transfer_sea",
  "arms_transfer_rail",
  "arms_transfer_air",
  "refined_petroleum_sts",
  "prohibited_exports",
  "overseas_labour",
  "it_workers",
  "crypto_theft",
  "laundering",
  "correspondent_banking",
  "military_training",
  "other",
] as const;
export const Typology = z.enum(TYPOLOGIES);
export type Typology = z.infer<typeof Typology>;

export const INCIDENT_STATUSES = [
  "lead",
  "investigating",
  "substantiated",
  "not_substantiated",
  "closed",
] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** A figure the finding states (barrels delivered, USD laundered) and how it was arrived at. */
export const Estimate = z.object({
  quantity: Text(200).min(1),
  value: z.number(),
  unit: Text(50).min(1),
  method: Text(2000).min(1).describe("how the figure was estimated; required"),
});

export const EntityLink = z.object({ id: Text(200).min(1), role: Text(100).default("") });

export const IncidentInput = z.object({
  title: Text(300).min(1),
  typology: Typology,
  summary: Text(20_000).default(""),
  resolution_paragraphs: z.array(Text(100).min(1)).max(50).default([]),
  occurred_from: When.optional(),
  occurred_to: When.optional(),
  place_name: Text(300).default(""),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  entities: z.array(EntityLink).max(200).default([]),
  evidence_ids: z.array(z.string()).max(500).default([]),
  estimates: z.array(Estimate).max(50).default([]),
  marking: MarkingInput,
});
export type IncidentInput = z.infer<typeof IncidentInput>;

export const TransitionInput = z.object({
  to: IncidentStatus,
  reason: Text(5000).default(""),
});

export const ReviewInput = z.object({
  verdict: z.enum(["agree", "challenge", "dissent"]),
  reason: Text(10_000).min(1),
});
export type ReviewInput = z.infer<typeof ReviewInput>;

export const ReviewBody = z.object({
  id: z.string(),
  reviewer: z.string(),
  org_id: z.string(),
  verdict: z.enum(["agree", "challenge", "dissent"]),
  reason: z.string(),
  created_at: z.string(),
});

export const CorroborationBody = z.object({
  satisfied: z.boolean(),
  independent_sources: z.number(),
  required_sources: z.number(),
  qualifying: z.array(z.string()).describe("ids of the evidence items that count"),
  reasons: z.array(z.string()),
  method: z.string().describe("the rule applied, in words"),
});
export type CorroborationBody = z.infer<typeof CorroborationBody>;

export const IncidentBody = z.object({
  id: z.string(),
  title: z.string(),
  typology: Typology,
  summary: z.string(),
  resolution_paragraphs: z.array(z.string()),
  occurred_from: z.string().nullable(),
  occurred_to: z.string().nullable(),
  place_name: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  status: IncidentStatus,
  estimates: z.array(Estimate),
  source_event: z.record(z.string(), z.unknown()).nullable(),
  signed_off_by: z.string().nullable(),
  signed_off_at: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  marking: MarkingBody,
  actions: Actions,
});
export type IncidentBody = z.infer<typeof IncidentBody>;

export const TransitionBody = z.object({
  from: z.string(),
  to: z.string(),
  by: z.string(),
  reason: z.string(),
  at: z.string(),
});

export const RfiStatus = z.enum(["sent", "overdue", "answered", "declined", "no_reply"]);

export const RfiInput = z.object({
  incident_id: z.string().optional(),
  entity_id: z.string().optional(),
  addressee: Text(300).min(1),
  addressee_kind: z.enum(["government", "company", "other"]),
  questions: z.array(Text(5000).min(1)).min(1).max(50),
  sent_at: When,
  due_at: When,
  marking: MarkingInput,
});
export type RfiInput = z.infer<typeof RfiInput>;

export const ReminderInput = z.object({ sent_at: When, note: Text(5000).default("") });

/** A reply: its text (or file, through the upload route) becomes an evidence item. */
export const ReplyInput = z.object({
  received_at: When,
  declined: z.boolean().default(false),
  summary: Text(10_000).default(""),
  text: Text(1_000_000)
    .optional()
    .describe("the reply's text, stored as a text/plain evidence item"),
  reliability: Reliability.default("B"),
  credibility: Credibility.default(2),
  marking: MarkingInput,
});
export type ReplyInput = z.infer<typeof ReplyInput>;

export const RfiBody = z.object({
  id: z.string(),
  incident_id: z.string().nullable(),
  entity_id: z.string().nullable(),
  addressee: z.string(),
  addressee_kind: z.enum(["government", "company", "other"]),
  questions: z.array(z.string()),
  sent_at: z.string(),
  due_at: z.string(),
  status: RfiStatus,
  reminders: z.array(z.object({ sent_at: z.string(), by: z.string(), note: z.string() })),
  replies: z.array(
    z.object({
      received_at: z.string(),
      declined: z.boolean(),
      summary: z.string(),
      evidence_id: z.string().nullable(),
      by: z.string(),
    }),
  ),
  created_by: z.string(),
  marking: MarkingBody,
  actions: Actions,
});
export type RfiBody = z.infer<typeof RfiBody>;

export const IncidentDetailBody = IncidentBody.extend({
  entities: z.array(z.object({ id: z.string(), role: z.string(), caption: z.string() })),
  evidence: z.array(EvidenceBody),
  withheld_evidence: z
    .number()
    .describe("evidence items attached that the caller may not see (counted, never shown)"),
  corroboration: CorroborationBody,
  reviews: z.array(ReviewBody),
  transitions: z.array(TransitionBody),
  rfis: z.array(RfiBody),
});
export type IncidentDetailBody = z.infer<typeof IncidentDetailBody>;

export const Identifier = z.object({ scheme: Text(100).min(1), value: Text(300).min(1) });

export const RecommendationInput = z.object({
  entity_id: Text(200).min(1),
  incident_ids: z.array(z.string()).min(1).max(50),
  statement_of_case: Text(50_000).min(1),
  identifiers: z.array(Identifier).max(100).default([]),
  listing_criteria: z.array(Text(300).min(1)).max(20).default([]),
  marking: MarkingInput,
});
export type RecommendationInput = z.infer<typeof RecommendationInput>;

export const RecommendationBody = z.object({
  id: z.string(),
  entity_id: z.string(),
  incident_ids: z.array(z.string()),
  statement_of_case: z.string(),
  identifiers: z.array(Identifier),
  listing_criteria: z.array(z.string()),
  created_by: z.string(),
  created_at: z.string(),
  marking: MarkingBody,
  actions: Actions,
});
export type RecommendationBody = z.infer<typeof RecommendationBody>;

export const RuleInput = z.object({
  min_sources: z.number().int().min(1).max(10),
  min_reliability: Reliability,
  max_credibility: z.number().int().min(1).max(6),
  verifiable_kinds: z.array(EvidenceKind),
});
export type CorroborationRule = z.infer<typeof RuleInput>;
