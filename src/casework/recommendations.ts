import type { Selectable } from "kysely";
import { markRecord, presentMarking } from "../access/marking.js";
import { enterReader, leaveReader, visibleWhere } from "../access/marking-sql.js";
import {
  allowedActions,
  authorize,
  authorizeCreate,
  incidentPolicy,
  notFound,
  recommendationPolicy,
} from "../access/policy.js";
import type { Principal } from "../access/principal.js";
import { Invalid } from "../model/index.js";
import type { Context } from "../store/index.js";
import { audit, type CaseworkDb, caseworkDb } from "./db.js";
import { requireEntities } from "./entities.js";
import { newId, type RecommendationId } from "./ids.js";
import { selectIncident } from "./incident-row.js";
import { type ListingForm, toListingForm } from "./listing-form.js";
import { iso, markingColumns, rowMarking } from "./marking-row.js";
import type { RecommendationBody, RecommendationInput } from "./schema.js";
import type { RecommendationTable } from "./tables.js";

type RecommendationRow = Selectable<RecommendationTable>;

/**
 * Proposes a designation: an entity of the entity store, the substantiated findings that
 * support it (each readable by the proposer), the statement of case and identifiers.
 */
export async function recommendDesignation(
  ctx: Context,
  principal: Principal,
  input: RecommendationInput,
): Promise<RecommendationBody> {
  authorizeCreate(principal, "recommendation");
  await requireEntities(ctx, [input.entity_id], "entity_id");
  const marking = markRecord(principal, input.marking);
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const incidents = [];
      for (const id of new Set(input.incident_ids))
        incidents.push(await selectIncident(trx, principal, id));
      await leaveReader(trx);
      const issues = incidents
        .filter((i) => i.status !== "substantiated")
        .map((i) => ({
          field: "incident_ids",
          message: `incident is ${i.status}, not substantiated`,
          value: i.id,
        }));
      if (issues.length > 0)
        throw new Invalid(
          "unsupported_recommendation",
          "a recommendation rests on substantiated findings only",
          issues,
        );
      for (const i of incidents)
        authorize(
          incidentPolicy,
          "recommend",
          principal,
          { id: i.id, marking: rowMarking(i) },
          "incident",
        );
      const row = await trx
        .insertInto("casework_recommendation")
        .values({
          id: newId<RecommendationId>("rec"),
          entity_id: input.entity_id,
          incident_ids: incidents.map((i) => i.id),
          statement_of_case: input.statement_of_case,
          identifiers: JSON.stringify(input.identifiers),
          listing_criteria: input.listing_criteria,
          created_by: principal.userId,
          created_by_name: principal.username,
          ...markingColumns(marking),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, principal, {
        action: "casework.recommendation.add",
        subject: `recommendation:${row.id}`,
        detail: { entity_id: row.entity_id, incidents: row.incident_ids },
      });
      return present(principal, row);
    });
}

/** Recommendations the principal may see, newest first. */
export async function listRecommendations(
  ctx: Context,
  principal: Principal,
): Promise<RecommendationBody[]> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const rows = await trx
        .selectFrom("casework_recommendation as r")
        .selectAll()
        .where(visibleWhere(principal, "r"))
        .orderBy("r.created_at", "desc")
        .orderBy("r.id")
        .execute();
      await leaveReader(trx);
      return rows.map((row) => present(principal, row));
    });
}

/**
 * The recommendation in the listing form's fields (listing-form.ts), for a national regime or
 * the Committee; coordinators only; every export goes into the audit log.
 */
export async function exportListingForm(
  ctx: Context,
  principal: Principal,
  id: string,
  submitter: { readonly organisation: string; readonly contact: string } = {
    organisation: principal.orgId,
    contact: principal.username,
  },
): Promise<ListingForm> {
  const { row, findings } = await caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const row = await selectRecommendation(trx, principal, id);
      authorize(
        recommendationPolicy,
        "export",
        principal,
        { id, marking: rowMarking(row) },
        "recommendation",
      );
      const findings = await supportingFindings(trx, principal, row.incident_ids);
      await leaveReader(trx);
      await audit(trx, principal, {
        action: "casework.recommendation.export",
        subject: `recommendation:${id}`,
        detail: { entity_id: row.entity_id, format: "un-1718-listing-form" },
      });
      return { row, findings };
    });
  const entities = await requireEntities(ctx, [row.entity_id], "entity_id");
  const entity = entities.get(row.entity_id);
  if (entity === undefined) throw notFound("entity", row.entity_id);
  return toListingForm(present(principal, row), entity, findings, submitter);
}

async function supportingFindings(trx: CaseworkDb, principal: Principal, ids: readonly string[]) {
  const findings = [];
  for (const incidentId of ids) {
    const incident = await trx
      .selectFrom("casework_incident as i")
      .select(["i.id", "i.title", "i.status"])
      .where("i.id", "=", incidentId)
      .where(visibleWhere(principal, "i"))
      .executeTakeFirst();
    if (incident === undefined) continue;
    const kinds = await trx
      .selectFrom("casework_incident_evidence as l")
      .innerJoin("casework_evidence as e", "e.id", "l.evidence_id")
      .select("e.kind")
      .distinct()
      .where("l.incident_id", "=", incidentId)
      .where(visibleWhere(principal, "e"))
      .execute();
    findings.push({
      incident_id: incident.id,
      title: incident.title,
      status: incident.status,
      evidence_kinds: kinds.map((k) => k.kind),
    });
  }
  return findings;
}

async function selectRecommendation(
  trx: CaseworkDb,
  principal: Principal,
  id: string,
): Promise<RecommendationRow> {
  const row = await trx
    .selectFrom("casework_recommendation as r")
    .selectAll()
    .where("r.id", "=", id)
    .where(visibleWhere(principal, "r"))
    .executeTakeFirst();
  if (row === undefined) throw notFound("recommendation", id);
  return row;
}

function present(principal: Principal, row: RecommendationRow): RecommendationBody {
  const marking = rowMarking(row);
  return {
    id: row.id,
    entity_id: row.entity_id,
    incident_ids: row.incident_ids,
    statement_of_case: row.statement_of_case,
    identifiers: row.identifiers,
    listing_criteria: row.listing_criteria,
    created_by: row.created_by_name,
    created_at: iso(row.created_at) ?? "",
    marking: presentMarking(marking),
    actions: allowedActions(recommendationPolicy, principal, { marking }),
  };
}
