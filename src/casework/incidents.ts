import { markRecord, presentMarking } from "../access/marking.js";
import { enterReader, leaveReader, visibleWhere } from "../access/marking-sql.js";
import {
  allowedActions,
  authorize,
  authorizeCreate,
  evidencePolicy,
  incidentPolicy,
} from "../access/policy.js";
import type { Principal } from "../access/principal.js";
import { Invalid } from "../model/index.js";
import type { Context } from "../store/index.js";
import { assessCorroboration, currentRule } from "./corroboration.js";
import { audit, type CaseworkDb, caseworkDb } from "./db.js";
import { captionOf, requireEntities } from "./entities.js";
import { auditSensitiveRead, presentEvidence, selectVisible } from "./evidence.js";
import { type IncidentId, newId } from "./ids.js";
import { type IncidentRow, selectIncident } from "./incident-row.js";
import { iso, markingColumns, rowMarking } from "./marking-row.js";
import { selectReviews } from "./reviews.js";
import { selectRfis } from "./rfis.js";
import type {
  CorroborationBody,
  IncidentBody,
  IncidentDetailBody,
  IncidentInput,
  IncidentStatus,
} from "./schema.js";

/** The status changes allowed: a finding is reopened only from "not substantiated". */
export const TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  lead: ["investigating", "closed"],
  investigating: ["substantiated", "not_substantiated", "closed"],
  substantiated: ["closed"],
  not_substantiated: ["investigating", "closed"],
  closed: [],
};

/** Opens an incident (status "lead"), linking entities of the entity store and evidence. */
export async function openIncident(
  ctx: Context,
  principal: Principal,
  input: IncidentInput,
  sourceEvent: Record<string, unknown> | null = null,
): Promise<IncidentBody> {
  authorizeCreate(principal, "incident");
  const marking = markRecord(principal, input.marking);
  await requireEntities(
    ctx,
    input.entities.map((e) => e.id),
    "entities",
  );
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .insertInto("casework_incident")
        .values({
          id: newId<IncidentId>("inc"),
          title: input.title,
          typology: input.typology,
          summary: input.summary,
          resolution_paragraphs: input.resolution_paragraphs,
          occurred_from: input.occurred_from === undefined ? null : new Date(input.occurred_from),
          occurred_to: input.occurred_to === undefined ? null : new Date(input.occurred_to),
          place_name: input.place_name,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          status: "lead",
          estimates: JSON.stringify(input.estimates),
          source_event: sourceEvent === null ? null : JSON.stringify(sourceEvent),
          signed_off_by: null,
          signed_off_at: null,
          created_by: principal.userId,
          created_by_name: principal.username,
          updated_at: new Date(),
          ...markingColumns(marking),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      for (const entity of dedupe(input.entities))
        await trx
          .insertInto("casework_incident_entity")
          .values({ incident_id: row.id, entity_id: entity.id, role: entity.role })
          .execute();
      await linkEvidence(trx, principal, row.id, input.evidence_ids);
      await audit(trx, principal, {
        action: "casework.incident.open",
        subject: `incident:${row.id}`,
        detail: { typology: row.typology, tlp: row.tlp, evidence: input.evidence_ids },
      });
      return presentIncident(principal, row);
    });
}

/** Attaches evidence items the principal may read and attach to an incident they may update. */
export async function attachEvidence(
  ctx: Context,
  principal: Principal,
  incidentId: string,
  evidenceIds: readonly string[],
): Promise<IncidentBody> {
  return changeIncident(ctx, principal, incidentId, "update", async (trx, row) => {
    await linkEvidence(trx, principal, incidentId, evidenceIds);
    await audit(trx, principal, {
      action: "casework.incident.attach",
      subject: `incident:${incidentId}`,
      detail: { evidence: [...evidenceIds] },
    });
    return row;
  });
}

/** Links entities (checked against the entity store) to an incident. */
export async function linkEntities(
  ctx: Context,
  principal: Principal,
  incidentId: string,
  entities: readonly { readonly id: string; readonly role: string }[],
): Promise<IncidentBody> {
  await requireEntities(
    ctx,
    entities.map((e) => e.id),
    "entities",
  );
  return changeIncident(ctx, principal, incidentId, "update", async (trx, row) => {
    for (const entity of dedupe(entities))
      await trx
        .insertInto("casework_incident_entity")
        .values({ incident_id: incidentId, entity_id: entity.id, role: entity.role })
        .onConflict((oc) =>
          oc.columns(["incident_id", "entity_id"]).doUpdateSet({ role: entity.role }),
        )
        .execute();
    await audit(trx, principal, {
      action: "casework.incident.link",
      subject: `incident:${incidentId}`,
      detail: { entities: entities.map((e) => e.id) },
    });
    return row;
  });
}

/**
 * Moves an incident along TRANSITIONS. "substantiated" is the coordinator's sign-off and
 * needs the evidentiary rule to hold over all the incident's evidence; when it does not, the
 * refusal (Invalid, with the rule's reasons) is itself recorded in the audit log.
 */
export async function transitionIncident(
  ctx: Context,
  principal: Principal,
  incidentId: string,
  to: IncidentStatus,
  reason = "",
): Promise<IncidentBody> {
  const action = to === "substantiated" ? "sign_off" : "update";
  try {
    return await changeIncident(ctx, principal, incidentId, action, async (trx, row) => {
      const from = row.status as IncidentStatus;
      if (!TRANSITIONS[from].includes(to))
        throw new Invalid(
          "invalid_transition",
          `an incident goes from ${from} to ${TRANSITIONS[from].join(" or ") || "nowhere"}, not ${to}`,
          [{ field: "to", message: `not allowed from ${from}`, value: to }],
        );
      let corroboration: CorroborationBody | undefined;
      if (to === "substantiated") {
        corroboration = await corroborate(trx, incidentId);
        if (!corroboration.satisfied)
          throw new Invalid(
            "not_corroborated",
            `incident ${incidentId} cannot be substantiated: ${corroboration.reasons.join("; ")}`,
            corroboration.reasons.map((message) => ({ field: "evidence", message })),
          );
      }
      await trx
        .insertInto("casework_incident_transition")
        .values({
          incident_id: incidentId,
          from_status: from,
          to_status: to,
          by_name: principal.username,
          reason,
          detail: JSON.stringify(corroboration === undefined ? {} : { corroboration }),
        })
        .execute();
      const signed =
        to === "substantiated"
          ? { signed_off_by: principal.username, signed_off_at: new Date() }
          : {};
      const changed = await trx
        .updateTable("casework_incident")
        .set({ status: to, updated_at: new Date(), ...signed })
        .where("id", "=", incidentId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, principal, {
        action: "casework.incident.transition",
        subject: `incident:${incidentId}`,
        detail: {
          from,
          to,
          reason,
          ...(corroboration === undefined ? {} : { sources: corroboration.independent_sources }),
        },
      });
      return changed;
    });
  } catch (error) {
    if (error instanceof Invalid && error.code === "not_corroborated")
      await caseworkDb(ctx)
        .transaction()
        .execute((trx) =>
          audit(trx, principal, {
            action: "casework.incident.substantiation_refused",
            subject: `incident:${incidentId}`,
            detail: { reasons: error.issues.map((i) => i.message) },
          }),
        );
    throw error;
  }
}

/** The incident with everything the principal may see of it, and the corroboration state. */
export async function getIncident(
  ctx: Context,
  principal: Principal,
  id: string,
): Promise<IncidentDetailBody> {
  const detail = await caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const row = await selectIncident(trx, principal, id);
      const evidence = await trx
        .selectFrom("casework_incident_evidence as l")
        .innerJoin("casework_evidence as e", "e.id", "l.evidence_id")
        .selectAll("e")
        .where("l.incident_id", "=", id)
        .where(visibleWhere(principal, "e"))
        .orderBy("e.collected_at")
        .execute();
      const links = await trx
        .selectFrom("casework_incident_evidence")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("incident_id", "=", id)
        .executeTakeFirstOrThrow();
      const entities = await trx
        .selectFrom("casework_incident_entity")
        .selectAll()
        .where("incident_id", "=", id)
        .orderBy("entity_id")
        .execute();
      const reviews = await selectReviews(trx, id);
      const rfis = await selectRfis(trx, principal, { incidentId: id });
      const transitions = await trx
        .selectFrom("casework_incident_transition")
        .selectAll()
        .where("incident_id", "=", id)
        .orderBy("id")
        .execute();
      await leaveReader(trx);
      // The rule is about the incident, not the reader: it is assessed over every item.
      const corroboration = await corroborate(trx, id);
      await auditSensitiveRead(trx, principal, [row], "casework.incident.read");
      await auditSensitiveRead(trx, principal, evidence, "casework.evidence.read");
      return {
        ...presentIncident(principal, row),
        entities: entities.map((e) => ({ id: e.entity_id, role: e.role, caption: e.entity_id })),
        evidence: evidence.map((e) => presentEvidence(principal, e)),
        withheld_evidence: Number(links.n) - evidence.length,
        corroboration: redactReasons(corroboration, new Set(evidence.map((e) => e.id))),
        reviews,
        transitions: transitions.map((t) => ({
          from: t.from_status,
          to: t.to_status,
          by: t.by_name,
          reason: t.reason,
          at: iso(t.at) ?? "",
        })),
        rfis,
      };
    });
  // Captions come from the entity store after the transaction (PGlite has one connection).
  const entities = await Promise.all(
    detail.entities.map(async (e) => ({ ...e, caption: await captionOf(ctx, e.id) })),
  );
  return { ...detail, entities };
}

/** Incidents the principal may see, newest first, filtered in SQL by the marking rule. */
export async function listIncidents(
  ctx: Context,
  principal: Principal,
  options: {
    readonly status?: IncidentStatus;
    readonly limit?: number;
    readonly offset?: number;
  } = {},
): Promise<IncidentBody[]> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      let query = trx
        .selectFrom("casework_incident as i")
        .selectAll()
        .where(visibleWhere(principal, "i"));
      if (options.status !== undefined) query = query.where("i.status", "=", options.status);
      const rows = await query
        .orderBy("i.created_at", "desc")
        .orderBy("i.id")
        .limit(options.limit ?? 100)
        .offset(options.offset ?? 0)
        .execute();
      await leaveReader(trx);
      await auditSensitiveRead(trx, principal, rows, "casework.incident.list");
      return rows.map((row) => presentIncident(principal, row));
    });
}

async function corroborate(trx: CaseworkDb, incidentId: string): Promise<CorroborationBody> {
  const items = await trx
    .selectFrom("casework_incident_evidence as l")
    .innerJoin("casework_evidence as e", "e.id", "l.evidence_id")
    .select(["e.id", "e.org_id", "e.kind", "e.reliability", "e.credibility"])
    .where("l.incident_id", "=", incidentId)
    .orderBy("e.id")
    .execute();
  return assessCorroboration(
    items.map((i) => ({
      id: i.id,
      orgId: i.org_id,
      kind: i.kind,
      reliability: i.reliability,
      credibility: i.credibility,
    })),
    await currentRule(trx),
  );
}

/** The verdict as a reader sees it: reasons naming items they may not see say "an item". */
function redactReasons(
  verdict: CorroborationBody,
  visible: ReadonlySet<string>,
): CorroborationBody {
  const hide = (text: string) =>
    text.replace(/\bev-[0-9a-f-]{36}\b/g, (id) =>
      visible.has(id) ? id : "an item you may not see",
    );
  return {
    ...verdict,
    qualifying: verdict.qualifying.filter((id) => visible.has(id)),
    reasons: verdict.reasons.map(hide),
  };
}

async function linkEvidence(
  trx: CaseworkDb,
  principal: Principal,
  incidentId: string,
  evidenceIds: readonly string[],
): Promise<void> {
  for (const evidenceId of new Set(evidenceIds)) {
    const evidence = await selectVisible(trx, principal, evidenceId);
    authorize(
      evidencePolicy,
      "attach",
      principal,
      { id: evidenceId, marking: rowMarking(evidence) },
      "evidence",
    );
    await trx
      .insertInto("casework_incident_evidence")
      .values({ incident_id: incidentId, evidence_id: evidenceId, added_by: principal.username })
      .onConflict((oc) => oc.columns(["incident_id", "evidence_id"]).doNothing())
      .execute();
  }
}

async function changeIncident(
  ctx: Context,
  principal: Principal,
  id: string,
  action: "update" | "sign_off",
  change: (trx: CaseworkDb, row: IncidentRow) => Promise<IncidentRow>,
): Promise<IncidentBody> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const row = await selectIncident(trx, principal, id);
      await leaveReader(trx);
      authorize(incidentPolicy, action, principal, { id, marking: rowMarking(row) }, "incident");
      return presentIncident(principal, await change(trx, row));
    });
}

function dedupe<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

export function presentIncident(principal: Principal, row: IncidentRow): IncidentBody {
  const marking = rowMarking(row);
  return {
    id: row.id,
    title: row.title,
    typology: row.typology as IncidentBody["typology"],
    summary: row.summary,
    resolution_paragraphs: row.resolution_paragraphs,
    occurred_from: iso(row.occurred_from),
    occurred_to: iso(row.occurred_to),
    place_name: row.place_name,
    latitude: row.latitude,
    longitude: row.longitude,
    status: row.status as IncidentStatus,
    estimates: row.estimates as IncidentBody["estimates"],
    source_event: row.source_event,
    signed_off_by: row.signed_off_by,
    signed_off_at: iso(row.signed_off_at),
    created_by: row.created_by_name,
    created_at: iso(row.created_at) ?? "",
    marking: presentMarking(marking),
    actions: allowedActions(incidentPolicy, principal, { marking }),
  };
}
