import type { Selectable } from "kysely";
import { markRecord, presentMarking } from "../access/marking.js";
import { enterReader, leaveReader, visibleWhere } from "../access/marking-sql.js";
import {
  allowedActions,
  authorize,
  authorizeCreate,
  incidentPolicy,
  notFound,
  rfiPolicy,
} from "../access/policy.js";
import type { Principal } from "../access/principal.js";
import { Invalid } from "../model/index.js";
import type { Context } from "../store/index.js";
import { audit, type CaseworkDb, caseworkDb } from "./db.js";
import { requireEntities } from "./entities.js";
import { type EvidenceFile, insertEvidence } from "./evidence.js";
import { newId, type RfiId } from "./ids.js";
import { selectIncident } from "./incident-row.js";
import { iso, markingColumns, rowMarking } from "./marking-row.js";
import type { ReplyInput, RfiBody, RfiInput } from "./schema.js";
import type { RfiTable } from "./tables.js";

type RfiRow = Selectable<RfiTable>;

/**
 * The status a reader sees: a request still "sent" past its due date is "overdue" (computed
 * at read time, so it never waits for a job to flip it).
 */
export function rfiStatus(
  row: Pick<RfiRow, "status" | "due_at">,
  now = new Date(),
): RfiBody["status"] {
  return row.status === "sent" && new Date(row.due_at) < now ? "overdue" : row.status;
}

/** Records a request for information sent to a government or company about an incident or entity. */
export async function sendRfi(
  ctx: Context,
  principal: Principal,
  input: RfiInput,
): Promise<RfiBody> {
  if (input.incident_id === undefined && input.entity_id === undefined)
    throw new Invalid("invalid_rfi", "an RFI is about an incident or an entity", [
      { field: "incident_id", message: "give incident_id or entity_id" },
    ]);
  if (new Date(input.due_at) < new Date(input.sent_at))
    throw new Invalid("invalid_rfi", "the due date is before the sent date", [
      { field: "due_at", message: "before sent_at", value: input.due_at },
    ]);
  if (input.entity_id !== undefined) await requireEntities(ctx, [input.entity_id], "entity_id");
  // About an incident, the incident's policy decides (below); about an entity, the role.
  if (input.incident_id === undefined) authorizeCreate(principal, "rfi");
  const marking = markRecord(principal, input.marking);
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      if (input.incident_id !== undefined) {
        await enterReader(trx, principal);
        const incident = await selectIncident(trx, principal, input.incident_id);
        await leaveReader(trx);
        authorize(
          incidentPolicy,
          "send_rfi",
          principal,
          { id: incident.id, marking: rowMarking(incident) },
          "incident",
        );
      }
      const row = await trx
        .insertInto("casework_rfi")
        .values({
          id: newId<RfiId>("rfi"),
          incident_id: input.incident_id ?? null,
          entity_id: input.entity_id ?? null,
          addressee: input.addressee,
          addressee_kind: input.addressee_kind,
          questions: JSON.stringify(input.questions),
          sent_at: new Date(input.sent_at),
          due_at: new Date(input.due_at),
          created_by: principal.userId,
          created_by_name: principal.username,
          status: "sent",
          ...markingColumns(marking),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, principal, {
        action: "casework.rfi.send",
        subject: `rfi:${row.id}`,
        detail: {
          incident_id: row.incident_id,
          entity_id: row.entity_id,
          addressee: row.addressee,
        },
      });
      return present(trx, principal, row);
    });
}

/** Records a reminder sent to the addressee. */
export async function remindRfi(
  ctx: Context,
  principal: Principal,
  id: string,
  input: { readonly sent_at: string; readonly note: string },
): Promise<RfiBody> {
  return changeRfi(ctx, principal, id, "casework.rfi.remind", async (trx, row) => {
    await trx
      .insertInto("casework_rfi_reminder")
      .values({
        rfi_id: id,
        sent_at: new Date(input.sent_at),
        by_name: principal.username,
        note: input.note,
      })
      .execute();
    return row;
  });
}

/**
 * Records a reply (or a refusal). Its content, a file or a text, becomes an evidence item
 * (a state's statement when a government replies) attached to the RFI's incident, in the
 * same transaction: no reply without its evidence, no evidence without its reply.
 */
export async function recordReply(
  ctx: Context,
  principal: Principal,
  id: string,
  input: ReplyInput,
  file?: EvidenceFile,
): Promise<RfiBody> {
  return changeRfi(ctx, principal, id, "casework.rfi.reply", async (trx, row) => {
    if (row.status !== "sent")
      throw new Invalid("rfi_closed", `RFI ${id} is already ${row.status}`, [
        { field: "status", message: `is ${row.status}` },
      ]);
    const content =
      file ??
      (input.text === undefined
        ? undefined
        : {
            filename: "reply.txt",
            mediaType: "text/plain",
            bytes: new TextEncoder().encode(input.text),
          });
    let evidenceId: string | null = null;
    if (content !== undefined) {
      const evidence = await insertEvidence(
        trx,
        principal,
        {
          kind: row.addressee_kind === "government" ? "state_statement" : "document",
          title: `Reply of ${row.addressee} to RFI ${id}`,
          description: input.summary,
          collected_at: input.received_at,
          reliability: input.reliability,
          credibility: input.credibility,
          marking: input.marking,
        },
        content,
      );
      evidenceId = evidence.id;
      if (row.incident_id !== null)
        await trx
          .insertInto("casework_incident_evidence")
          .values({
            incident_id: row.incident_id,
            evidence_id: evidence.id,
            added_by: principal.username,
          })
          .execute();
    }
    await trx
      .insertInto("casework_rfi_reply")
      .values({
        rfi_id: id,
        received_at: new Date(input.received_at),
        declined: input.declined,
        summary: input.summary,
        evidence_id: evidenceId,
        by_name: principal.username,
      })
      .execute();
    return trx
      .updateTable("casework_rfi")
      .set({ status: input.declined ? "declined" : "answered" })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Closes a request that was never answered ("no reply"). */
export async function closeRfiWithoutReply(
  ctx: Context,
  principal: Principal,
  id: string,
): Promise<RfiBody> {
  return changeRfi(ctx, principal, id, "casework.rfi.no_reply", async (trx, row) => {
    if (row.status !== "sent")
      throw new Invalid("rfi_closed", `RFI ${id} is already ${row.status}`, [
        { field: "status", message: `is ${row.status}` },
      ]);
    return trx
      .updateTable("casework_rfi")
      .set({ status: "no_reply" })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

async function changeRfi(
  ctx: Context,
  principal: Principal,
  id: string,
  action: string,
  change: (trx: CaseworkDb, row: RfiRow) => Promise<RfiRow>,
): Promise<RfiBody> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const row = await selectRfi(trx, principal, id);
      await leaveReader(trx);
      authorize(rfiPolicy, "update", principal, { id, marking: rowMarking(row) }, "rfi");
      const changed = await change(trx, row);
      await audit(trx, principal, {
        action,
        subject: `rfi:${id}`,
        detail: { status: changed.status },
      });
      return present(trx, principal, changed);
    });
}

/** One RFI with its reminders and replies; NotFound when missing or not for this reader. */
export async function getRfi(ctx: Context, principal: Principal, id: string): Promise<RfiBody> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const row = await selectRfi(trx, principal, id);
      const body = await present(trx, principal, row);
      await leaveReader(trx);
      return body;
    });
}

/** The RFIs the principal may see, newest first; of one incident when `incidentId` is given. */
export async function listRfis(
  ctx: Context,
  principal: Principal,
  options: { readonly incidentId?: string; readonly limit?: number } = {},
): Promise<RfiBody[]> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const bodies = await selectRfis(trx, principal, options);
      await leaveReader(trx);
      return bodies;
    });
}

export async function selectRfis(
  trx: CaseworkDb,
  principal: Principal,
  options: { readonly incidentId?: string; readonly limit?: number },
): Promise<RfiBody[]> {
  let query = trx.selectFrom("casework_rfi as r").selectAll().where(visibleWhere(principal, "r"));
  if (options.incidentId !== undefined)
    query = query.where("r.incident_id", "=", options.incidentId);
  const rows = await query
    .orderBy("r.sent_at", "desc")
    .orderBy("r.id")
    .limit(options.limit ?? 200)
    .execute();
  return Promise.all(rows.map((row) => present(trx, principal, row)));
}

async function selectRfi(trx: CaseworkDb, principal: Principal, id: string): Promise<RfiRow> {
  const row = await trx
    .selectFrom("casework_rfi as r")
    .selectAll()
    .where("r.id", "=", id)
    .where(visibleWhere(principal, "r"))
    .executeTakeFirst();
  if (row === undefined) throw notFound("rfi", id);
  return row;
}

async function present(trx: CaseworkDb, principal: Principal, row: RfiRow): Promise<RfiBody> {
  const reminders = await trx
    .selectFrom("casework_rfi_reminder")
    .selectAll()
    .where("rfi_id", "=", row.id)
    .orderBy("id")
    .execute();
  const replies = await trx
    .selectFrom("casework_rfi_reply")
    .selectAll()
    .where("rfi_id", "=", row.id)
    .orderBy("id")
    .execute();
  const marking = rowMarking(row);
  return {
    id: row.id,
    incident_id: row.incident_id,
    entity_id: row.entity_id,
    addressee: row.addressee,
    addressee_kind: row.addressee_kind,
    questions: row.questions,
    sent_at: iso(row.sent_at) ?? "",
    due_at: iso(row.due_at) ?? "",
    status: rfiStatus(row),
    reminders: reminders.map((r) => ({
      sent_at: iso(r.sent_at) ?? "",
      by: r.by_name,
      note: r.note,
    })),
    replies: replies.map((r) => ({
      received_at: iso(r.received_at) ?? "",
      declined: r.declined,
      summary: r.summary,
      evidence_id: r.evidence_id,
      by: r.by_name,
    })),
    created_by: row.created_by_name,
    marking: presentMarking(marking),
    actions: allowedActions(rfiPolicy, principal, { marking }),
  };
}
