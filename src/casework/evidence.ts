import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
import { isSensitive, markRecord, presentMarking } from "../access/marking.js";
import { enterReader, leaveReader, visibleWhere } from "../access/marking-sql.js";
import {
  allowedActions,
  authorize,
  authorizeCreate,
  evidencePolicy,
  notFound,
} from "../access/policy.js";
import type { Principal } from "../access/principal.js";
import { type Context, canonicalJson } from "../store/index.js";
import { appendCustody, listCustody } from "./custody.js";
import { audit, type CaseworkDb, caseworkDb } from "./db.js";
import { checkContent, checkFilename } from "./evidence-content.js";
import { type EvidenceId, newId } from "./ids.js";
import { iso, markingColumns, rowMarking, toDate } from "./marking-row.js";
import type {
  EvidenceBody,
  EvidenceDetailBody,
  EvidenceMetaInput,
  EvidenceRecordInput,
  RedactionInput,
} from "./schema.js";
import type { EvidenceTable } from "./tables.js";

/**
 * Evidence bytes are stored in PostgreSQL (casework_blob, bytea), keyed by their SHA-256,
 * rather than as files under the config home: the bytes, their metadata, the custody entry
 * and the audit entry then commit in one transaction (a failed upload leaves nothing
 * behind, not even a file), row-level security covers the bytes as it covers the metadata,
 * several API servers on one PostgreSQL see the same evidence, and one backup holds it all.
 * The price is a size limit (MAX_EVIDENCE_BYTES) that suits documents and imagery excerpts,
 * not raw satellite scenes.
 */
export interface EvidenceFile {
  readonly filename: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

type EvidenceRow = Selectable<EvidenceTable>;

/** Submits evidence: checks the file, stores it content-addressed, logs its receipt. */
export async function addEvidence(
  ctx: Context,
  principal: Principal,
  meta: EvidenceMetaInput,
  file: EvidenceFile,
): Promise<EvidenceBody> {
  authorizeCreate(principal, "evidence");
  return caseworkDb(ctx)
    .transaction()
    .execute((trx) => insertEvidence(trx, principal, meta, file));
}

/** A structured record (an AIS track, a trace) as evidence: its canonical JSON is the content. */
export async function addEvidenceRecord(
  ctx: Context,
  principal: Principal,
  input: EvidenceRecordInput,
): Promise<EvidenceBody> {
  const { record, ...meta } = input;
  const bytes = new TextEncoder().encode(canonicalJson(record));
  return addEvidence(ctx, principal, meta, {
    filename: `${input.kind}.json`,
    mediaType: "application/json",
    bytes,
  });
}

/**
 * Inserts an evidence item inside `trx` (the caller's transaction: an RFI reply stores its
 * evidence with the reply). Throws Invalid for a bad name, type or content.
 */
export async function insertEvidence(
  trx: CaseworkDb,
  principal: Principal,
  meta: EvidenceMetaInput,
  file: EvidenceFile,
  redactedFrom: string | null = null,
): Promise<EvidenceBody> {
  const filename = checkFilename(file.filename);
  checkContent(file.bytes, file.mediaType);
  const marking = markRecord(principal, meta.marking);
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  await trx
    .insertInto("casework_blob")
    .values({ sha256, bytes: file.bytes, size_bytes: file.bytes.length })
    .onConflict((oc) => oc.column("sha256").doNothing())
    .execute();
  const id = newId<EvidenceId>("ev");
  const row = await trx
    .insertInto("casework_evidence")
    .values({
      id,
      sha256,
      kind: meta.kind,
      title: meta.title,
      description: meta.description,
      filename,
      media_type: file.mediaType,
      size_bytes: file.bytes.length,
      collected_at: toDate(meta.collected_at, "collected_at"),
      reliability: meta.reliability,
      credibility: meta.credibility,
      redacted_from: redactedFrom,
      submitted_by: principal.userId,
      submitted_by_name: principal.username,
      ...markingColumns(marking),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendCustody(trx, principal, id, "received", { sha256, size_bytes: file.bytes.length });
  await audit(trx, principal, {
    action: "casework.evidence.add",
    subject: `evidence:${id}`,
    detail: { sha256, tlp: marking.tlp, org_id: marking.orgId, redacted_from: redactedFrom },
  });
  return presentEvidence(principal, row);
}

/** One item with its chain of custody. Throws NotFound when missing or not for this reader. */
export async function getEvidence(
  ctx: Context,
  principal: Principal,
  id: string,
): Promise<EvidenceDetailBody> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const row = await selectVisible(trx, principal, id);
      const custody = await listCustody(trx, id);
      await leaveReader(trx);
      await auditSensitiveRead(trx, principal, [row], "casework.evidence.read");
      return { ...presentEvidence(principal, row), custody };
    });
}

/** Evidence the principal may see, newest first, filtered in SQL by the marking rule. */
export async function listEvidence(
  ctx: Context,
  principal: Principal,
  options: { readonly limit?: number; readonly offset?: number; readonly kind?: string } = {},
): Promise<EvidenceBody[]> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      let query = trx
        .selectFrom("casework_evidence as e")
        .selectAll()
        .where(visibleWhere(principal, "e"));
      if (options.kind !== undefined) query = query.where("e.kind", "=", options.kind);
      const rows = await query
        .orderBy("e.created_at", "desc")
        .orderBy("e.id")
        .limit(options.limit ?? 100)
        .offset(options.offset ?? 0)
        .execute();
      await leaveReader(trx);
      await auditSensitiveRead(trx, principal, rows, "casework.evidence.list");
      return rows.map((row) => presentEvidence(principal, row));
    });
}

/**
 * The stored bytes of an item, checked against their hash on the way out; logs "viewed" (or
 * "exported", when the bytes leave Cordon as an export) in the chain of custody.
 */
export async function readEvidenceContent(
  ctx: Context,
  principal: Principal,
  id: string,
  purpose: "viewed" | "exported" = "viewed",
): Promise<EvidenceFile & { readonly evidence: EvidenceBody }> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const row = await selectVisible(trx, principal, id);
      authorize(
        evidencePolicy,
        purpose === "viewed" ? "download" : "export",
        principal,
        {
          id,
          marking: rowMarking(row),
        },
        "evidence",
      );
      const blob = await trx
        .selectFrom("casework_blob")
        .select("bytes")
        .where("sha256", "=", row.sha256)
        .executeTakeFirstOrThrow();
      await leaveReader(trx);
      const bytes = new Uint8Array(blob.bytes);
      const actual = createHash("sha256").update(bytes).digest("hex");
      if (actual !== row.sha256)
        throw new Error(`evidence ${id}: stored bytes hash to ${actual}, not ${row.sha256}`);
      await appendCustody(trx, principal, id, purpose, { sha256: row.sha256 });
      if (purpose === "exported" || isSensitive(row.tlp))
        await audit(trx, principal, {
          action: purpose === "exported" ? "casework.evidence.export" : "casework.evidence.view",
          subject: `evidence:${id}`,
          detail: { sha256: row.sha256, tlp: row.tlp },
        });
      return {
        filename: row.filename,
        mediaType: row.media_type,
        bytes,
        evidence: presentEvidence(principal, row),
      };
    });
}

/**
 * A redacted copy: a new item with its own bytes and marking, linked to the original, which
 * is never altered; both chains of custody record the redaction.
 */
export async function redactEvidence(
  ctx: Context,
  principal: Principal,
  id: string,
  input: RedactionInput,
  file: EvidenceFile,
): Promise<EvidenceBody> {
  return caseworkDb(ctx)
    .transaction()
    .execute(async (trx) => {
      await enterReader(trx, principal);
      const original = await selectVisible(trx, principal, id);
      await leaveReader(trx);
      authorize(
        evidencePolicy,
        "redact",
        principal,
        { id, marking: rowMarking(original) },
        "evidence",
      );
      const meta: EvidenceMetaInput = {
        kind: original.kind as EvidenceMetaInput["kind"],
        title: `${original.title} (redacted)`,
        description: input.reason,
        collected_at: new Date(original.collected_at).toISOString(),
        reliability: original.reliability as EvidenceMetaInput["reliability"],
        credibility: original.credibility,
        marking: input.marking,
      };
      const copy = await insertEvidence(trx, principal, meta, file, id);
      await appendCustody(trx, principal, id, "redacted", { copy: copy.id, reason: input.reason });
      return copy;
    });
}

/** The item if it exists and the principal may read it (RLS and the SQL rule), else NotFound. */
export async function selectVisible(
  trx: CaseworkDb,
  principal: Principal,
  id: string,
): Promise<EvidenceRow> {
  const row = await trx
    .selectFrom("casework_evidence as e")
    .selectAll()
    .where("e.id", "=", id)
    .where(visibleWhere(principal, "e"))
    .executeTakeFirst();
  if (row === undefined) throw notFound("evidence", id);
  return row;
}

/** Every read of RED or AMBER+STRICT material goes into the audit log (one entry a read). */
export async function auditSensitiveRead(
  trx: CaseworkDb,
  principal: Principal,
  rows: readonly { readonly id: string; readonly tlp: EvidenceRow["tlp"] }[],
  action: string,
): Promise<void> {
  const sensitive = rows.filter((row) => isSensitive(row.tlp));
  if (sensitive.length === 0) return;
  await audit(trx, principal, {
    action,
    subject: sensitive.length === 1 ? `${action.split(".")[1]}:${sensitive[0]?.id}` : "many",
    detail: { ids: sensitive.map((row) => row.id), tlp: sensitive.map((row) => row.tlp) },
  });
}

export function presentEvidence(principal: Principal, row: EvidenceRow): EvidenceBody {
  const marking = rowMarking(row);
  return {
    id: row.id,
    sha256: row.sha256,
    kind: row.kind as EvidenceBody["kind"],
    title: row.title,
    description: row.description,
    filename: row.filename,
    media_type: row.media_type,
    size_bytes: Number(row.size_bytes),
    collected_at: iso(row.collected_at) ?? "",
    reliability: row.reliability as EvidenceBody["reliability"],
    credibility: row.credibility,
    admiralty: `${row.reliability}${row.credibility}`,
    redacted_from: row.redacted_from,
    submitted_by: row.submitted_by_name,
    created_at: iso(row.created_at) ?? "",
    marking: presentMarking(marking),
    actions: allowedActions(evidencePolicy, principal, { marking }),
  };
}
