import { randomUUID } from "node:crypto";
import { NotFound } from "../model/index.js";
import { appendAudit, type Context } from "../store/index.js";
import { parseInput } from "./parse-input.js";
import type { Principal } from "./principal.js";
import { type TokenInput, TokenInput as TokenInputSchema } from "./schema.js";
import { generateSecretToken } from "./secret-token.js";
import { accessDb } from "./tables.js";
import { loadUserRow } from "./users.js";

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

/**
 * Creates a named API token for `username`, valid `expiresInDays` (1 to 365, default 90).
 * The secret is returned once; only its hash is stored. Throws NotFound or Invalid.
 */
export async function createApiToken(
  ctx: Context,
  username: string,
  input: TokenInput,
): Promise<ApiToken & { readonly token: string }> {
  const { name, expiresInDays } = parseInput(TokenInputSchema, input, "token");
  return ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const user = await loadUserRow(db, username);
    const { token, hash } = generateSecretToken("api");
    const row = await db
      .insertInto("access_api_token")
      .values({
        id: randomUUID(),
        token_hash: hash,
        user_id: user.id,
        name,
        expires_at: new Date(Date.now() + expiresInDays * 86_400_000),
        revoked_at: null,
        last_used_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "access.token.create",
      subject: `token:${row.id}`,
      detail: { user: user.username, name, expiresAt: new Date(row.expires_at).toISOString() },
    });
    return { ...toApiToken(row, user.username), token };
  });
}

/** The API tokens of a user, newest first (never their secrets). */
export async function listApiTokens(ctx: Context, username: string): Promise<ApiToken[]> {
  const db = accessDb(ctx.db);
  const user = await loadUserRow(db, username);
  const rows = await db
    .selectFrom("access_api_token")
    .selectAll()
    .where("user_id", "=", user.id)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((row) => toApiToken(row, user.username));
}

/**
 * Revokes token `id` if `by` owns it or is an administrator. Anyone else's token answers
 * NotFound, as a token that does not exist does, so ids cannot be probed.
 */
export async function revokeApiToken(ctx: Context, by: Principal, id: string): Promise<ApiToken> {
  return ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const row = await db
      .selectFrom("access_api_token")
      .innerJoin("access_user", "access_user.id", "access_api_token.user_id")
      .selectAll("access_api_token")
      .select("access_user.username")
      .where("access_api_token.id", "=", id)
      .executeTakeFirst();
    const mayRevoke =
      row !== undefined && (row.user_id === by.userId || by.roles.includes("administrator"));
    if (row === undefined || !mayRevoke) throw new NotFound("token_not_found", `no token "${id}"`);
    const updated = await db
      .updateTable("access_api_token")
      .set({ revoked_at: row.revoked_at ?? new Date() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "access.token.revoke",
      subject: `token:${id}`,
      detail: { user: row.username, name: row.name },
    });
    return toApiToken(updated, row.username);
  });
}

function toApiToken(
  row: {
    id: string;
    name: string;
    created_at: Date;
    expires_at: Date;
    revoked_at: Date | null;
    last_used_at: Date | null;
  },
  username: string,
): ApiToken {
  return {
    id: row.id,
    name: row.name,
    username,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}
