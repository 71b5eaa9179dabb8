import { appendAudit, type Context } from "../store/index.js";
import type { Principal, Role } from "./principal.js";
import { hashSecretToken, parseTokenKind, type TokenKind } from "./secret-token.js";
import { accessDb } from "./tables.js";

/** Why a presented secret opens nothing. */
export type CredentialFailure = "malformed" | "unknown" | "expired" | "revoked" | "user_disabled";

export type Authentication =
  | {
      readonly ok: true;
      readonly principal: Principal;
      /** What the secret was: a login session or an API token, and its id. */
      readonly via: { readonly kind: TokenKind; readonly id: string };
    }
  | { readonly ok: false; readonly reason: CredentialFailure };

/**
 * Who a session or API token secret belongs to, checked against its expiry, its revocation
 * and the user's disabled flag. One indexed lookup by the secret's hash; an API token's last
 * use is stamped at most once a minute (no write on every request).
 */
export async function authenticateSecret(ctx: Context, secret: string): Promise<Authentication> {
  const kind = parseTokenKind(secret);
  if (kind === undefined) return { ok: false, reason: "malformed" };
  const db = accessDb(ctx.db);
  const hash = hashSecretToken(secret);
  const table = kind === "session" ? "access_session" : "access_api_token";
  const row = await db
    .selectFrom(table)
    .innerJoin("access_user", "access_user.id", `${table}.user_id`)
    .select([
      `${table}.id as id`,
      `${table}.expires_at as expires_at`,
      `${table}.revoked_at as revoked_at`,
      "access_user.id as user_id",
      "access_user.username",
      "access_user.org_id",
      "access_user.roles",
      "access_user.disabled_at",
    ])
    .where(`${table}.token_hash`, "=", hash)
    .executeTakeFirst();
  if (row === undefined) return { ok: false, reason: "unknown" };
  if (row.revoked_at !== null) return { ok: false, reason: "revoked" };
  const now = new Date();
  if (new Date(row.expires_at) <= now) return { ok: false, reason: "expired" };
  if (row.disabled_at !== null) return { ok: false, reason: "user_disabled" };
  if (kind === "api")
    await db
      .updateTable("access_api_token")
      .set({ last_used_at: now })
      .where("id", "=", row.id)
      .where((eb) =>
        eb.or([
          eb("last_used_at", "is", null),
          eb("last_used_at", "<", new Date(now.getTime() - 60_000)),
        ]),
      )
      .execute();
  return {
    ok: true,
    principal: {
      userId: row.user_id,
      username: row.username,
      orgId: row.org_id,
      roles: row.roles as Role[],
    },
    via: { kind, id: row.id },
  };
}

/**
 * Records a refused credential (forged, expired, revoked...) in the audit log, with the
 * client and the path but never the secret itself.
 */
export async function recordCredentialFailure(
  ctx: Context,
  failure: {
    readonly reason: string;
    readonly ip: string;
    readonly method: string;
    readonly path: string;
  },
): Promise<void> {
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, {
      actor: "anonymous",
      action: "access.auth_failed",
      subject: `request:${failure.method} ${failure.path.slice(0, 200)}`,
      detail: { reason: failure.reason, ip: failure.ip.slice(0, 100) },
    }),
  );
}
