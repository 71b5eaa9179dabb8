import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "./tables.js";

/** The hash before the first entry. */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly detail?: Record<string, unknown>;
}

export interface AuditRecord extends Required<AuditEntry> {
  readonly seq: number;
  readonly at: Date;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * Appends an entry to the hash-chained audit log. Call it inside the transaction of the change
 * it records: the change and its entry commit together or not at all.
 */
export async function appendAudit(trx: Kysely<Database>, entry: AuditEntry): Promise<AuditRecord> {
  // One writer at a time extends the chain; the lock ends with the transaction.
  await sql`SELECT pg_advisory_xact_lock(7180002)`.execute(trx);
  const last = await trx
    .selectFrom("store_audit_log")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const seq = last === undefined ? 1 : Number(last.seq) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const detail = entry.detail ?? {};
  const hash = auditHash(prevHash, {
    seq,
    at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    detail,
  });
  await trx
    .insertInto("store_audit_log")
    .values({
      seq,
      at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      detail: JSON.stringify(detail),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return {
    seq,
    at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    detail,
    prevHash,
    hash,
  };
}

interface HashedFields {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly detail: unknown;
}

/** sha256 over the previous hash and the entry's fields in canonical JSON. */
export function auditHash(prevHash: string, fields: HashedFields): string {
  const body = canonicalJson({ ...fields, at: fields.at.toISOString() });
  return createHash("sha256").update(prevHash).update(body).digest("hex");
}

/**
 * JSON with object keys sorted, so that the same value always hashes the same. Values with a
 * `toJSON` (a Date) are hashed as they are stored, or the stored row would never verify.
 */
export function canonicalJson(value: unknown): string {
  if (hasToJson(value)) return canonicalJson(value.toJSON());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  );
}

export type AuditVerdict =
  | { readonly ok: true; readonly entries: number; readonly headHash: string }
  | {
      readonly ok: false;
      readonly entries: number;
      readonly brokenAt: number;
      readonly reason: string;
    };

/**
 * Walks the audit log in order and recomputes every hash. Returns the first broken link: an
 * entry whose content no longer matches its hash, whose prev_hash is not its predecessor's
 * hash, or a missing sequence number.
 */
export async function verifyAudit(db: Kysely<Database>, batchSize = 5000): Promise<AuditVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom("store_audit_log")
      .selectAll()
      .where("seq", ">=", String(expectedSeq))
      .orderBy("seq")
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return { ok: true, entries, headHash: prevHash };
    for (const row of rows) {
      const seq = Number(row.seq);
      const broken = (reason: string): AuditVerdict => ({
        ok: false,
        entries,
        brokenAt: seq,
        reason,
      });
      if (seq !== expectedSeq)
        return {
          ok: false,
          entries,
          brokenAt: expectedSeq,
          reason: `entry ${expectedSeq} is missing`,
        };
      if (row.prev_hash !== prevHash)
        return broken("prev_hash does not match the previous entry's hash");
      const hash = auditHash(prevHash, {
        seq,
        at: new Date(row.at),
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        detail: row.detail,
      });
      if (hash !== row.hash)
        return broken("content does not match its hash (the entry was altered)");
      prevHash = row.hash;
      expectedSeq = seq + 1;
      entries++;
    }
  }
}

/** Entries of the audit log, newest first. */
export async function listAudit(db: Kysely<Database>, limit = 50): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom("store_audit_log")
    .selectAll()
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
}
