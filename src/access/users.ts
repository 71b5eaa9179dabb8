import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import { Invalid, NotFound } from "../model/index.js";
import { appendAudit, type Context } from "../store/index.js";
import { parseInput } from "./parse-input.js";
import { hashPassword, type ScryptCost, STRONG_COST } from "./password.js";
import type { Principal, Role } from "./principal.js";
import { Password, type UserInput, UserInput as UserInputSchema, Username } from "./schema.js";
import { type AccessDb, accessDb, type UserTable } from "./tables.js";

/** A user as everyone but the login code sees it: no hash, no TOTP secret. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly orgId: string;
  readonly roles: readonly Role[];
  readonly totpEnabled: boolean;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

export type UserRow = Selectable<UserTable>;

/** Roles whose holders must log in with a second factor. */
export const TOTP_ROLES: readonly Role[] = ["coordinator", "administrator"];

/** True when the roles oblige their holder to use TOTP. */
export function requiresTotp(roles: readonly Role[]): boolean {
  return roles.some((role) => TOTP_ROLES.includes(role));
}

export interface CreateUserOptions {
  /** scrypt cost; tests pass TEST_COST. */
  readonly cost?: ScryptCost;
}

/**
 * Creates a user in an existing organisation, hashing the password, and records it in the
 * audit log (never the password). Throws Invalid for a bad field, an unknown organisation or
 * a username already taken.
 */
export async function createUser(
  ctx: Context,
  input: UserInput,
  options: CreateUserOptions = {},
): Promise<User> {
  const user = parseInput(UserInputSchema, input, "user");
  const roles = [...new Set(user.roles)];
  const passwordHash = await hashPassword(user.password, options.cost ?? STRONG_COST);
  return ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const org = await db
      .selectFrom("access_org")
      .select("id")
      .where("id", "=", user.orgId)
      .executeTakeFirst();
    if (org === undefined)
      throw new Invalid("org_not_found", `no organisation "${user.orgId}"`, [
        { field: "orgId", message: "no such organisation", value: user.orgId },
      ]);
    if ((await findUserRow(db, user.username)) !== undefined)
      throw new Invalid("user_exists", `a user "${user.username}" exists`, [
        { field: "username", message: "already taken", value: user.username },
      ]);
    const row = await db
      .insertInto("access_user")
      .values({
        id: randomUUID(),
        username: user.username,
        display_name: user.displayName,
        org_id: user.orgId,
        roles,
        password_hash: passwordHash,
        totp_secret: null,
        totp_pending_secret: null,
        totp_last_step: null,
        disabled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "access.user.create",
      subject: `user:${user.username}`,
      detail: { orgId: user.orgId, roles, displayName: user.displayName },
    });
    return toUser(row);
  });
}

/** Users, by username; only those of `orgId` when given. */
export async function listUsers(ctx: Context, filter: { orgId?: string } = {}): Promise<User[]> {
  let query = accessDb(ctx.db).selectFrom("access_user").selectAll().orderBy("username");
  if (filter.orgId !== undefined) query = query.where("org_id", "=", filter.orgId);
  return (await query.execute()).map(toUser);
}

/** One user by username; throws NotFound. */
export async function getUser(ctx: Context, username: string): Promise<User> {
  return toUser(await loadUserRow(accessDb(ctx.db), username));
}

/**
 * Sets a new password and revokes the user's sessions (a changed password ends every login
 * made with the old one). Throws NotFound, or Invalid for a password out of bounds.
 */
export async function setPassword(
  ctx: Context,
  username: string,
  password: string,
  options: CreateUserOptions = {},
): Promise<void> {
  parseInput(Password, password, "password");
  const hash = await hashPassword(password, options.cost ?? STRONG_COST);
  await ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const row = await loadUserRow(db, username);
    const now = new Date();
    await db
      .updateTable("access_user")
      .set({ password_hash: hash, updated_at: now })
      .where("id", "=", row.id)
      .execute();
    await db
      .updateTable("access_session")
      .set({ revoked_at: now })
      .where("user_id", "=", row.id)
      .where("revoked_at", "is", null)
      .execute();
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "access.user.password",
      subject: `user:${row.username}`,
      detail: {},
    });
  });
}

/**
 * Disables a user and revokes their sessions and API tokens at once; the row stays, as the
 * audit log and casework refer to it. Throws NotFound.
 */
export async function disableUser(ctx: Context, username: string): Promise<User> {
  return changeUserEndingCredentials(ctx, username, "access.user.disable", (row, now) => ({
    set: { disabled_at: row.disabled_at ?? now },
    detail: {},
  }));
}

/**
 * Replaces a user's roles and ends their sessions and API tokens, so that no credential keeps
 * the old rights; a new coordinator or administrator then needs TOTP to log in. Throws
 * NotFound, or Invalid for an unknown role.
 */
export async function setRoles(
  ctx: Context,
  username: string,
  roles: readonly Role[],
): Promise<User> {
  const parsed = [...new Set(parseInput(UserInputSchema.shape.roles, roles, "roles"))];
  return changeUserEndingCredentials(ctx, username, "access.user.roles", (row) => ({
    set: { roles: parsed },
    detail: { from: row.roles, to: parsed },
  }));
}

/**
 * Updates a user's row, revokes their sessions and API tokens, and audits `action`, in one
 * transaction: the shape of every change that must not leave a credential with old rights.
 */
async function changeUserEndingCredentials(
  ctx: Context,
  username: string,
  action: string,
  change: (
    row: UserRow,
    now: Date,
  ) => { set: { disabled_at?: Date; roles?: Role[] }; detail: Record<string, unknown> },
): Promise<User> {
  return ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const row = await loadUserRow(db, username);
    const now = new Date();
    const { set, detail } = change(row, now);
    const updated = await db
      .updateTable("access_user")
      .set({ ...set, updated_at: now })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await revokeCredentials(db, row.id, now);
    await appendAudit(trx, { actor: ctx.actor, action, subject: `user:${row.username}`, detail });
    return toUser(updated);
  });
}

async function revokeCredentials(db: AccessDb, userId: string, now: Date): Promise<void> {
  for (const table of ["access_session", "access_api_token"] as const)
    await db
      .updateTable(table)
      .set({ revoked_at: now })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .execute();
}

/** The user as the policy layer sees them. */
export function toPrincipal(user: Pick<User, "id" | "username" | "orgId" | "roles">): Principal {
  return { userId: user.id, username: user.username, orgId: user.orgId, roles: user.roles };
}

/** The row of a username (normalised as at creation), or undefined. */
export async function findUserRow(db: AccessDb, username: string): Promise<UserRow | undefined> {
  const parsed = Username.safeParse(username);
  if (!parsed.success) return undefined;
  return db
    .selectFrom("access_user")
    .selectAll()
    .where("username", "=", parsed.data)
    .executeTakeFirst();
}

export async function loadUserRow(db: AccessDb, username: string): Promise<UserRow> {
  const row = await findUserRow(db, username);
  if (row === undefined) throw new NotFound("user_not_found", `no user "${username}"`);
  return row;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    orgId: row.org_id,
    roles: row.roles as Role[],
    totpEnabled: row.totp_secret !== null,
    disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
    createdAt: new Date(row.created_at),
  };
}
