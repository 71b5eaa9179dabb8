import { appendAudit, type Context } from "../store/index.js";
import {
  checkLoginLimit,
  DEFAULT_LOGIN_LIMITS,
  type LoginLimits,
  lockLoginKey,
  pruneLoginAttempts,
} from "./login-limit.js";
import { burnPasswordTime, verifyPassword } from "./password.js";
import type { Principal } from "./principal.js";
import { type NewSession, openSession } from "./sessions.js";
import { type AccessDb, accessDb } from "./tables.js";
import { checkTotpCode, consumeTotpStep } from "./totp.js";
import { findUserRow, requiresTotp, toPrincipal, toUser, type UserRow } from "./users.js";

/** Why a login was refused; each is logged, and the API answers 401 (429 for rate_limited). */
export type LoginFailure =
  | "invalid_credentials"
  | "user_disabled"
  | "totp_required"
  | "totp_not_enrolled"
  | "totp_invalid"
  | "totp_replayed"
  | "rate_limited";

export type LoginOutcome =
  | { readonly ok: true; readonly principal: Principal; readonly session: NewSession }
  | {
      readonly ok: false;
      readonly reason: LoginFailure;
      readonly message: string;
      readonly retryAfterSeconds?: number;
    };

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
  readonly totp?: string | undefined;
}

export interface LoginClient {
  readonly ip: string;
  readonly userAgent: string;
}

const MESSAGES: Readonly<Record<LoginFailure, string>> = {
  // One message for an unknown user and a wrong password: which one it was is not told.
  invalid_credentials: "wrong username or password",
  user_disabled: "this account is disabled; ask an administrator",
  totp_required: "this account needs a two-factor code (totp)",
  totp_not_enrolled:
    "coordinators and administrators must use two-factor authentication; ask an administrator to enrol you (cordon users totp enrol)",
  totp_invalid: "wrong two-factor code",
  totp_replayed: "this two-factor code was already used; wait for the next one",
  rate_limited: "too many failed logins; try again later",
};

/**
 * Logs a user in: rate limit, password (scrypt), disabled flag, TOTP with replay protection,
 * then a new session. Every attempt is stored (for the rate limit) and appended to the audit
 * log, success or not. Never throws for a refused login: the outcome says why.
 */
export async function login(
  ctx: Context,
  request: LoginRequest,
  client: LoginClient,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
): Promise<LoginOutcome> {
  const username = request.username.trim().toLowerCase().slice(0, 200);
  const ip = client.ip.slice(0, 100);
  const attempt = await startAttempt(ctx, username, ip, limits);
  if (attempt.limited)
    return refuse(ctx, attempt.id, username, ip, "rate_limited", attempt.retryAfterSeconds);

  const db = accessDb(ctx.db);
  const row = await findUserRow(db, username);
  if (row === undefined) {
    await burnPasswordTime(request.password);
    return refuse(ctx, attempt.id, username, ip, "invalid_credentials");
  }
  if (!(await verifyPassword(request.password, row.password_hash)))
    return refuse(ctx, attempt.id, username, ip, "invalid_credentials");
  // Told only to someone who knows the password: the state of the account is theirs to know.
  if (row.disabled_at !== null) return refuse(ctx, attempt.id, username, ip, "user_disabled");
  const second = await checkSecondFactor(db, row, request.totp);
  if (second !== "ok" && second !== "none") return refuse(ctx, attempt.id, username, ip, second);

  return ctx.db.transaction().execute(async (trx) => {
    const tx = accessDb(trx);
    const session = await openSession(tx, row.id, { ip, userAgent: client.userAgent });
    await finishAttempt(tx, attempt.id, true, "ok");
    await appendAudit(trx, {
      actor: `user:${row.username}`,
      action: "access.login",
      subject: `user:${row.username}`,
      detail: { ip, session: session.id, factors: second === "ok" ? "password+totp" : "password" },
    });
    return { ok: true as const, principal: toPrincipal(toUser(row)), session };
  });
}

async function checkSecondFactor(
  db: AccessDb,
  row: UserRow,
  code: string | undefined,
): Promise<"ok" | "none" | LoginFailure> {
  const roles = toUser(row).roles;
  if (row.totp_secret === null) return requiresTotp(roles) ? "totp_not_enrolled" : "none";
  if (code === undefined || code === "") return "totp_required";
  const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
  const check = checkTotpCode(row.totp_secret, code, lastStep);
  if (!check.ok) return check.reason;
  return (await consumeTotpStep(db, row.id, check.step)) ? "ok" : "totp_replayed";
}

/**
 * Checks the limits and records the attempt as pending in one short transaction, so that
 * parallel attempts on one username see each other (a pending attempt counts as a failure).
 */
async function startAttempt(
  ctx: Context,
  username: string,
  ip: string,
  limits: LoginLimits,
): Promise<
  { id: string; limited: false } | { id: string; limited: true; retryAfterSeconds: number }
> {
  return ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    await lockLoginKey(db, username);
    await pruneLoginAttempts(db, limits);
    const verdict = await checkLoginLimit(db, username, ip, limits);
    const row = await db
      .insertInto("access_login_attempt")
      .values({
        username,
        ip,
        success: false,
        reason: verdict.limited ? "rate_limited" : "pending",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return verdict.limited
      ? { id: row.id, limited: true, retryAfterSeconds: verdict.retryAfterSeconds }
      : { id: row.id, limited: false };
  });
}

async function finishAttempt(
  db: AccessDb,
  id: string,
  success: boolean,
  reason: string,
): Promise<void> {
  await db
    .updateTable("access_login_attempt")
    .set({ success, reason })
    .where("id", "=", id)
    .execute();
}

async function refuse(
  ctx: Context,
  attemptId: string,
  username: string,
  ip: string,
  reason: LoginFailure,
  retryAfterSeconds?: number,
): Promise<LoginOutcome> {
  await ctx.db.transaction().execute(async (trx) => {
    await finishAttempt(accessDb(trx), attemptId, false, reason);
    await appendAudit(trx, {
      actor: "anonymous",
      action: "access.login_failed",
      subject: `user:${username}`,
      detail: { ip, reason },
    });
  });
  return {
    ok: false,
    reason,
    message: MESSAGES[reason],
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}
