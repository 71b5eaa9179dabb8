import { randomUUID } from "node:crypto";
import { appendAudit, type Context } from "../store/index.js";
import { generateSecretToken } from "./secret-token.js";
import type { AccessDb } from "./tables.js";
import { accessDb } from "./tables.js";

/** The cookie a browser carries its session secret in (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = "cordon_session";

/** A login lasts a working day; then the user logs in again (with their second factor). */
export const SESSION_SECONDS = 8 * 60 * 60;

export interface NewSession {
  readonly id: string;
  /** The bearer secret: shown once, in the cookie and the login reply; only its hash is kept. */
  readonly token: string;
  readonly expiresAt: Date;
}

/** Opens a session for `userId` inside the caller's transaction (the login's). */
export async function openSession(
  db: AccessDb,
  userId: string,
  client: { readonly ip: string; readonly userAgent: string },
  lifetimeSeconds: number = SESSION_SECONDS,
): Promise<NewSession> {
  const { token, hash } = generateSecretToken("session");
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + lifetimeSeconds * 1000);
  await db
    .insertInto("access_session")
    .values({
      id,
      token_hash: hash,
      user_id: userId,
      expires_at: expiresAt,
      revoked_at: null,
      ip: client.ip.slice(0, 100),
      user_agent: client.userAgent.slice(0, 300),
    })
    .execute();
  return { id, token, expiresAt };
}

/**
 * Ends session `id` (logout) and records it; returns false for an unknown or already ended
 * session.
 */
export async function revokeSession(ctx: Context, id: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await accessDb(trx)
      .updateTable("access_session")
      .set({ revoked_at: new Date() })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .returning(["id"])
      .executeTakeFirst();
    if (row === undefined) return false;
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "access.logout",
      subject: `session:${row.id}`,
      detail: {},
    });
    return true;
  });
}
