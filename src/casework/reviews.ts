import { enterReader, leaveReader } from "../access/marking-sql.js";
import { authorize, incidentPolicy } from "../access/policy.js";
import type { Principal } from "../access/principal.js";
import type { Context } from "../store/index.js";
import { audit, type CaseworkDb, caseworkDb } from "./db.js";
import { newId, type ReviewId } from "./ids.js";
import { selectIncident } from "./incident-row.js";
import { iso, rowMarking } from "./marking-row.js";
import type { ReviewInput } from "./schema.js";

export interface ReviewView {
  readonly id: string;
  readonly reviewer: string;
  readonly org_id: string;
  readonly verdict: "agree" | "challenge" | "dissent";
  readonly reason: string;
  readonly created_at: string;
}

/**
 * Records a review by a reviewer of another organisation than the incident's: agree,
 * challenge or dissent, with a reason. Reviews are append-only: a dissent stays on the record.
 */
export async function addReview(
  ctx: Context,
  principal: Principal,
  incidentId: string,
  input: ReviewInput,
): Promise<ReviewView> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const incident = await selectIncident(trx, principal, incidentId);
      await leaveReader(trx);
      authorize(
        incidentPolicy,
        "review",
        principal,
        { id: incidentId, marking: rowMarking(incident) },
        "incident",
      );
      const row = await trx
        .insertInto("casework_review")
        .values({
          id: newId<ReviewId>("rev"),
          incident_id: incidentId,
          reviewer_id: principal.userId,
          reviewer_name: principal.username,
          org_id: principal.orgId,
          verdict: input.verdict,
          reason: input.reason,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, principal, {
        action: "casework.review.add",
        subject: `incident:${incidentId}`,
        detail: { review: row.id, verdict: input.verdict },
      });
      return presentReview(row);
    });
}

/** The reviews of an incident, oldest first, dissents included. */
export async function selectReviews(trx: CaseworkDb, incidentId: string): Promise<ReviewView[]> {
  const rows = await trx
    .selectFrom("casework_review")
    .selectAll()
    .where("incident_id", "=", incidentId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(presentReview);
}

function presentReview(row: {
  id: string;
  reviewer_name: string;
  org_id: string;
  verdict: ReviewView["verdict"];
  reason: string;
  created_at: Date | string;
}): ReviewView {
  return {
    id: row.id,
    reviewer: row.reviewer_name,
    org_id: row.org_id,
    verdict: row.verdict,
    reason: row.reason,
    created_at: iso(row.created_at) ?? "",
  };
}
