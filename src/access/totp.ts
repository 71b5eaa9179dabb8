import * as OTPAuth from "otpauth";
import { Invalid } from "../model/index.js";
import { appendAudit, type Context } from "../store/index.js";
import { type AccessDb, accessDb } from "./tables.js";
import { loadUserRow } from "./users.js";

/**
 * RFC 6238 as every authenticator app reads it: HMAC-SHA1, six digits, 30-second steps. The
 * otpauth library computes codes and provisioning URIs; replay protection is ours (below).
 */
const PERIOD = 30;
const DIGITS = 6;
const ALGORITHM = "SHA1";
const ISSUER = "Cordon";
/** One step either side: a code typed as it rolls over still counts, clocks may drift 30 s. */
const WINDOW = 1;

export interface TotpEnrolment {
  /** Base32 secret, for typing into an app by hand. */
  readonly secret: string;
  /** otpauth://totp/... provisioning URI, for a QR code. */
  readonly uri: string;
}

/** A fresh random secret (160 bits, as RFC 4226 recommends) with its provisioning URI. */
export function generateTotpSecret(username: string): TotpEnrolment {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  return { secret, uri: totpUri(username, secret) };
}

export function totpUri(username: string, secret: string): string {
  return totpFor(username, secret).toString();
}

/** The code of `secret` at `at` (tests, the demo). */
export function generateTotpCode(secret: string, at: Date = new Date()): string {
  return totpFor("", secret).generate({ timestamp: at.getTime() });
}

export type TotpCheck =
  | { readonly ok: true; readonly step: number }
  | { readonly ok: false; readonly reason: "totp_invalid" | "totp_replayed" };

/**
 * Checks `code` against `secret` at `at`: the time step it belongs to, or why it is refused.
 * A code of a step at or before `lastStep` was already used (or predates it): a replay.
 */
export function checkTotpCode(
  secret: string,
  code: string,
  lastStep: number | null,
  at: Date = new Date(),
): TotpCheck {
  const delta = totpFor("", secret).validate({
    token: code,
    timestamp: at.getTime(),
    window: WINDOW,
  });
  if (delta === null) return { ok: false, reason: "totp_invalid" };
  const step = Math.floor(at.getTime() / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: "totp_replayed" };
  return { ok: true, step };
}

/**
 * Marks `step` used for the user; false when another request used it (or a later one) first.
 * The condition in the UPDATE makes the check and the write one atomic step.
 */
export async function consumeTotpStep(
  db: AccessDb,
  userId: string,
  step: number,
): Promise<boolean> {
  const result = await db
    .updateTable("access_user")
    .set({ totp_last_step: step })
    .where("id", "=", userId)
    .where((eb) =>
      eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", String(step))]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Enrols a user at once (an administrator at the console, the demo): the secret is active
 * immediately, replacing any earlier one. Returns the provisioning URI to hand to the user.
 * Throws NotFound.
 */
export async function enrolTotp(
  ctx: Context,
  username: string,
  secret?: string,
): Promise<TotpEnrolment> {
  return ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const row = await loadUserRow(db, username);
    const enrolment =
      secret === undefined
        ? generateTotpSecret(row.username)
        : { secret, uri: totpUri(row.username, secret) };
    await activateSecret(trx, ctx.actor, row, enrolment.secret, null, "administrator");
    return enrolment;
  });
}

/**
 * Starts self-enrolment: stores a pending secret that becomes active only when
 * confirmTotpEnrolment sees a code from it, so a user who never scanned it is not locked out.
 * A user who already has a second factor must give a current code of it (`currentCode`): a
 * stolen session alone must not replace the victim's authenticator. Throws Invalid (field
 * `totp`) when that code is missing, wrong or replayed.
 */
export async function beginTotpEnrolment(
  ctx: Context,
  username: string,
  currentCode?: string,
): Promise<TotpEnrolment> {
  return ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const row = await loadUserRow(db, username);
    if (row.totp_secret !== null) await requireCurrentCode(db, row, currentCode);
    const enrolment = generateTotpSecret(row.username);
    await db
      .updateTable("access_user")
      .set({ totp_pending_secret: enrolment.secret, updated_at: new Date() })
      .where("id", "=", row.id)
      .execute();
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "access.totp.begin",
      subject: `user:${row.username}`,
      detail: { replacing: row.totp_secret !== null },
    });
    return enrolment;
  });
}

async function requireCurrentCode(
  db: AccessDb,
  row: { id: string; totp_secret: string | null; totp_last_step: string | null },
  code: string | undefined,
): Promise<void> {
  const refuse = (message: string) =>
    new Invalid("totp_required", message, [{ field: "totp", message }]);
  if (row.totp_secret === null) return;
  if (code === undefined) throw refuse("give a current code of your authenticator to replace it");
  const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
  const check = checkTotpCode(row.totp_secret, code, lastStep);
  if (!check.ok)
    throw refuse(check.reason === "totp_replayed" ? "code already used" : "wrong code");
  if (!(await consumeTotpStep(db, row.id, check.step))) throw refuse("code already used");
}

/**
 * Activates the pending secret if `code` is one of its current codes. Throws Invalid (field
 * `code`) when there is no pending enrolment or the code is wrong.
 */
export async function confirmTotpEnrolment(
  ctx: Context,
  username: string,
  code: string,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const row = await loadUserRow(db, username);
    if (row.totp_pending_secret === null)
      throw new Invalid("no_totp_enrolment", "no TOTP enrolment is pending; start one first", [
        { field: "code", message: "no pending enrolment" },
      ]);
    const check = checkTotpCode(row.totp_pending_secret, code, null);
    if (!check.ok)
      throw new Invalid("totp_invalid", "the code does not match the new secret", [
        { field: "code", message: "wrong code" },
      ]);
    await activateSecret(trx, ctx.actor, row, row.totp_pending_secret, check.step, "user");
  });
}

/**
 * Makes `secret` the user's active second factor (clearing a pending one), with `lastStep` the
 * last time step already used (a confirmation code may not log in again), and audits it.
 */
async function activateSecret(
  trx: Parameters<typeof appendAudit>[0],
  actor: string,
  row: { readonly id: string; readonly username: string },
  secret: string,
  lastStep: number | null,
  by: "administrator" | "user",
): Promise<void> {
  await accessDb(trx)
    .updateTable("access_user")
    .set({
      totp_secret: secret,
      totp_pending_secret: null,
      totp_last_step: lastStep,
      updated_at: new Date(),
    })
    .where("id", "=", row.id)
    .execute();
  await appendAudit(trx, {
    actor,
    action: "access.totp.enrol",
    subject: `user:${row.username}`,
    detail: { confirmed: by === "user", by },
  });
}

function totpFor(label: string, secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}
