/**
 * Casework: evidence (content-addressed bytes with a chain of custody), incidents (findings)
 * with their typology, entities, evidence and status, the evidentiary rule that substantiation
 * is held to, reviews (agree, challenge, dissent), RFIs with replies that become evidence,
 * and designation recommendations exported in the UN listing form's fields. Every function
 * takes the acting Principal; the policy layer (src/access/policy.ts) decides what they see
 * and do, and reads run under row-level security (src/access/marking-sql.ts).
 */
export {
  assessCorroboration,
  DEFAULT_RULE,
  describeRule,
  getRule,
  type SourceItem,
  setRule,
} from "./corroboration.js";
export { type CaseworkDemoReport, seedCaseworkDemo } from "./demo.js";
export {
  addEvidence,
  addEvidenceRecord,
  type EvidenceFile,
  getEvidence,
  listEvidence,
  readEvidenceContent,
  redactEvidence,
} from "./evidence.js";
export { checkFilename, MAX_EVIDENCE_BYTES, MEDIA_TYPES } from "./evidence-content.js";
export {
  attachEvidence,
  getIncident,
  linkEntities,
  listIncidents,
  openIncident,
  TRANSITIONS,
  transitionIncident,
} from "./incidents.js";
export type { ListingForm } from "./listing-form.js";
export { DetectorEvent, promoteEventToLead } from "./promote.js";
export {
  type DetectionGrading,
  promoteMaritimeEvent,
  promoteTrace,
  saveTraceAsEvidence,
} from "./promote-detections.js";
export { resolveRecipients } from "./recipients.js";
export {
  exportListingForm,
  listRecommendations,
  recommendDesignation,
} from "./recommendations.js";
export { recordRefusal } from "./refusals.js";
export { addReview, type ReviewView } from "./reviews.js";
export {
  closeRfiWithoutReply,
  getRfi,
  listRfis,
  recordReply,
  remindRfi,
  rfiStatus,
  sendRfi,
} from "./rfis.js";
export * from "./schema.js";
