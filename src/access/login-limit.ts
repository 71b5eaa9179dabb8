import { sql } from "kysely";
import type { AccessDb } from "./tables.js";

/**
 * How many failed logins are allowed in a sliding window. Stored in access_login_attempt, so
 * a restart or a second server does not reset them. Per username the count restarts after a
 * success (the owner got in); per IP it does not (one valid account must not launder an IP).
 */
export interface LoginLimits {
  readonly windowSeconds: number;
  readonly perUsername: number;
  readonly perIp: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  windowSeconds: 15 * 60,
  perUsername: 10,
  perIp: 30,
};

export type LimitVerdict =
  | { readonly limited: false }
  | { readonly limited: true; readonly by: "username" | "ip"; readonly retryAfterSeconds: number };

/**
 * Whether a login for `username` from `ip` must be refused now. Refusals themselves (reason
 * rate_limited) do not count, so a locked-out user is let in again when the window passes.
 */
export async function checkLoginLimit(
  db: AccessDb,
  username: string,
  ip: string,
  limits: LoginLimits,
  now: Date = new Date(),
): Promise<LimitVerdict> {
  const since = new Date(now.getTime() - limits.windowSeconds * 1000);
  const lastSuccess = await db
    .selectFrom("access_login_attempt")
    .select((eb) => eb.fn.max("at").as("at"))
    .where("username", "=", username)
    .where("success", "=", true)
    .executeTakeFirst();
  const userSince =
    lastSuccess?.at != null && new Date(lastSuccess.at) > since ? new Date(lastSuccess.at) : since;
  const byUser = await countFailures(db, "username", username, userSince);
  if (byUser.count >= limits.perUsername)
    return {
      limited: true,
      by: "username",
      retryAfterSeconds: retryAfter(byUser.oldest, limits, now),
    };
  const byIp = await countFailures(db, "ip", ip, since);
  if (byIp.count >= limits.perIp)
    return { limited: true, by: "ip", retryAfterSeconds: retryAfter(byIp.oldest, limits, now) };
  return { limited: false };
}

async function countFailures(
  db: AccessDb,
  column: "username" | "ip",
  value: string,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom("access_login_attempt")
    .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.min("at").as("oldest")])
    .where(column, "=", value)
    .where("success", "=", false)
    .where("reason", "<>", "rate_limited")
    .where("at", ">", since)
    .executeTakeFirst();
  return {
    count: Number(row?.n ?? 0),
    oldest: row?.oldest == null ? null : new Date(row.oldest),
  };
}

function retryAfter(oldest: Date | null, limits: LoginLimits, now: Date): number {
  if (oldest === null) return limits.windowSeconds;
  const end = oldest.getTime() + limits.windowSeconds * 1000;
  return Math.max(1, Math.ceil((end - now.getTime()) / 1000));
}

/** Serialises logins of one username for the rest of the transaction (check, then record). */
export async function lockLoginKey(db: AccessDb, username: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(7180006, hashtext(${username}))`.execute(db);
}

/**
 * Deletes attempts older than a day (or the window, if longer): they no longer count, and the
 * audit log keeps every attempt for good.
 */
export async function pruneLoginAttempts(db: AccessDb, limits: LoginLimits): Promise<void> {
  const keepSeconds = Math.max(limits.windowSeconds, 86_400);
  await db
    .deleteFrom("access_login_attempt")
    .where("at", "<", new Date(Date.now() - keepSeconds * 1000))
    .execute();
}
