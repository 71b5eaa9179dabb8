import { z } from "zod";
import { Invalid } from "../model/index.js";
import { type Marking, type Principal, TLPS, type Tlp } from "./principal.js";

/**
 * TLP 2.0 read semantics across the participating organisations (docs/casework.md):
 *
 * - CLEAR  — every user of every organisation; may also be published.
 * - GREEN  — every user of every participating organisation (the community), not published.
 * - AMBER  — the originating organisation and the organisations on its releasability list.
 * - AMBER+STRICT — the originating organisation only; a releasability list is ignored.
 * - RED    — the named recipients only (users, not organisations); the submitter is one of
 *   them. Colleagues of the submitter do not see it unless named.
 *
 * Roles never widen what may be read: an administrator or coordinator reads by the same rule.
 */
export function canReadMarking(principal: Principal, marking: Marking): boolean {
  switch (marking.tlp) {
    case "CLEAR":
    case "GREEN":
      return true;
    case "AMBER":
      return marking.orgId === principal.orgId || marking.releasableTo.includes(principal.orgId);
    case "AMBER+STRICT":
      return marking.orgId === principal.orgId;
    case "RED":
      return (marking.recipients ?? []).includes(principal.userId);
  }
}

/** True for the labels whose every read goes into the audit log. */
export function isSensitive(tlp: Tlp): boolean {
  return tlp === "RED" || tlp === "AMBER+STRICT";
}

/** What a client sends to mark a record: the originating organisation is always the caller's. */
export const MarkingInput = z.object({
  tlp: z.enum(TLPS as [Tlp, ...Tlp[]]),
  releasable_to: z.array(z.string().min(1).max(100)).max(50).default([]),
  recipients: z.array(z.string().min(1).max(100)).max(50).default([]),
});
export type MarkingInput = z.infer<typeof MarkingInput>;

/**
 * The marking a principal gives a new record: their organisation originates it, and a RED
 * record always names its submitter. Throws Invalid for a releasability list on a label that
 * ignores it (AMBER+STRICT, RED) or recipients on a label below RED, so that nobody believes a
 * record reaches people it does not.
 */
export function markRecord(principal: Principal, input: MarkingInput): Marking {
  const issues = [];
  if (input.releasable_to.length > 0 && input.tlp !== "AMBER")
    issues.push({
      field: "releasable_to",
      message: `a releasability list applies to AMBER only, not ${input.tlp}`,
    });
  if (input.recipients.length > 0 && input.tlp !== "RED")
    issues.push({
      field: "recipients",
      message: `named recipients apply to RED only, not ${input.tlp}`,
    });
  if (issues.length > 0)
    throw new Invalid("invalid_marking", issues.map((i) => i.message).join("; "), issues);
  const releasableTo = [...new Set(input.releasable_to)].filter((org) => org !== principal.orgId);
  const recipients =
    input.tlp === "RED" ? [...new Set([principal.userId, ...input.recipients])] : [];
  return { orgId: principal.orgId, tlp: input.tlp, releasableTo, recipients };
}

/** A marking as the API shows it. */
export function presentMarking(marking: Marking) {
  return {
    org_id: marking.orgId,
    tlp: marking.tlp,
    releasable_to: [...marking.releasableTo],
    recipients: [...(marking.recipients ?? [])],
  };
}

export const MarkingBody = z.object({
  org_id: z.string(),
  tlp: z.enum(TLPS as [Tlp, ...Tlp[]]),
  releasable_to: z.array(z.string()),
  recipients: z.array(z.string()),
});
