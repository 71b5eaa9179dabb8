import type { ColumnType, Generated, JSONColumnType } from "kysely";
import type { Tlp } from "../access/principal.js";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Created = ColumnType<Date, Date | string | undefined, never>;
type TextArray = ColumnType<string[], readonly string[] | string[], readonly string[] | string[]>;

/** The marking columns every casework record a reader looks for carries (0007_casework.sql). */
export interface MarkingColumns {
  org_id: string;
  tlp: Tlp;
  releasable_to: TextArray;
  recipients: TextArray;
}

export interface BlobTable {
  sha256: string;
  bytes: Uint8Array;
  size_bytes: ColumnType<string, number, never>;
  created_at: Created;
}

export interface EvidenceTable extends MarkingColumns {
  id: string;
  sha256: string;
  kind: string;
  title: string;
  description: string;
  filename: string;
  media_type: string;
  size_bytes: ColumnType<string, number, never>;
  collected_at: Timestamp;
  reliability: string;
  credibility: number;
  redacted_from: string | null;
  submitted_by: string;
  submitted_by_name: string;
  created_at: Created;
}

export interface CustodyTable {
  id: Generated<string>;
  evidence_id: string;
  action: "received" | "viewed" | "exported" | "redacted";
  actor_id: string;
  actor_name: string;
  at: Created;
  detail: JSONColumnType<Record<string, unknown>>;
}

export interface IncidentTable extends MarkingColumns {
  id: string;
  title: string;
  typology: string;
  summary: string;
  resolution_paragraphs: TextArray;
  occurred_from: Timestamp | null;
  occurred_to: Timestamp | null;
  place_name: string;
  latitude: number | null;
  longitude: number | null;
  status: string;
  estimates: JSONColumnType<unknown[]>;
  source_event: JSONColumnType<Record<string, unknown>> | null;
  signed_off_by: string | null;
  signed_off_at: Timestamp | null;
  created_by: string;
  created_by_name: string;
  created_at: Created;
  updated_at: Timestamp;
}

export interface IncidentEntityTable {
  incident_id: string;
  entity_id: string;
  role: string;
}

export interface IncidentEvidenceTable {
  incident_id: string;
  evidence_id: string;
  added_by: string;
  added_at: Created;
}

export interface IncidentTransitionTable {
  id: Generated<string>;
  incident_id: string;
  from_status: string;
  to_status: string;
  by_name: string;
  reason: string;
  detail: JSONColumnType<Record<string, unknown>>;
  at: Created;
}

export interface ReviewTable {
  id: string;
  incident_id: string;
  reviewer_id: string;
  reviewer_name: string;
  org_id: string;
  verdict: "agree" | "challenge" | "dissent";
  reason: string;
  created_at: Created;
}

export interface RfiTable extends MarkingColumns {
  id: string;
  incident_id: string | null;
  entity_id: string | null;
  addressee: string;
  addressee_kind: "government" | "company" | "other";
  questions: JSONColumnType<string[]>;
  sent_at: Timestamp;
  due_at: Timestamp;
  status: "sent" | "answered" | "declined" | "no_reply";
  created_by: string;
  created_by_name: string;
  created_at: Created;
}

export interface RfiReminderTable {
  id: Generated<string>;
  rfi_id: string;
  sent_at: Timestamp;
  by_name: string;
  note: string;
}

export interface RfiReplyTable {
  id: Generated<string>;
  rfi_id: string;
  received_at: Timestamp;
  declined: boolean;
  summary: string;
  evidence_id: string | null;
  by_name: string;
}

export interface RecommendationTable extends MarkingColumns {
  id: string;
  entity_id: string;
  incident_ids: TextArray;
  statement_of_case: string;
  identifiers: JSONColumnType<{ scheme: string; value: string }[]>;
  listing_criteria: TextArray;
  created_by: string;
  created_by_name: string;
  created_at: Created;
}

export interface RuleTable {
  id: Generated<string>;
  rule: JSONColumnType<Record<string, unknown>>;
  set_by: string;
  set_at: Created;
}

export type CaseworkTables = {
  casework_blob: BlobTable;
  casework_evidence: EvidenceTable;
  casework_custody: CustodyTable;
  casework_incident: IncidentTable;
  casework_incident_entity: IncidentEntityTable;
  casework_incident_evidence: IncidentEvidenceTable;
  casework_incident_transition: IncidentTransitionTable;
  casework_review: ReviewTable;
  casework_rfi: RfiTable;
  casework_rfi_reminder: RfiReminderTable;
  casework_rfi_reply: RfiReplyTable;
  casework_recommendation: RecommendationTable;
  casework_rule: RuleTable;
};
