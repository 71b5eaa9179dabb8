import type { Marking } from "../access/principal.js";
import { Invalid } from "../model/index.js";
import type { MarkingColumns } from "./tables.js";

/** A row's marking columns as the policy layer reads them. */
export function rowMarking(row: {
  readonly org_id: string;
  readonly tlp: MarkingColumns["tlp"];
  readonly releasable_to: readonly string[];
  readonly recipients: readonly string[];
}): Marking {
  return {
    orgId: row.org_id,
    tlp: row.tlp,
    releasableTo: row.releasable_to,
    recipients: row.recipients,
  };
}

/** A marking as the columns store it. */
export function markingColumns(marking: Marking) {
  return {
    org_id: marking.orgId,
    tlp: marking.tlp,
    releasable_to: [...marking.releasableTo],
    recipients: [...(marking.recipients ?? [])],
  };
}

/** An ISO timestamp, or null. */
export function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** A date the caller gave (already shaped by zod), as a Date; Invalid when it is no date. */
export function toDate(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new Invalid("invalid_date", `${field} is not a date`, [
      { field, message: "not a date", value },
    ]);
  return date;
}
