import { NotFound } from "../model/index.js";
import type { Context } from "../store/index.js";
import { login } from "./login.js";
import { createOrg, getOrg, type Org } from "./orgs.js";
import { TEST_COST } from "./password.js";
import type { Principal, Role } from "./principal.js";
import type { OrgKind } from "./schema.js";
import { SESSION_COOKIE } from "./sessions.js";
import { enrolTotp, generateTotpCode } from "./totp.js";
import { createUser, requiresTotp, type User } from "./users.js";

/** The password every test user gets. */
export const TEST_PASSWORD = "correct horse battery staple";

export interface TestOrgSpec {
  readonly id: string;
  readonly name?: string;
  readonly kind?: OrgKind;
  readonly country?: string | null;
}

/** An organisation for tests: created when missing, else the existing one. */
export async function ensureTestOrg(ctx: Context, spec: TestOrgSpec): Promise<Org> {
  try {
    return await getOrg(ctx, spec.id);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    return createOrg(ctx, {
      id: spec.id,
      name: spec.name ?? `Organisation ${spec.id}`,
      kind: spec.kind ?? "delegation",
      country: spec.country ?? null,
    });
  }
}

export interface TestUserSpec {
  readonly username: string;
  /** The user's organisation, created if missing (a delegation unless `kind` says else). */
  readonly org: string | TestOrgSpec;
  readonly roles?: readonly Role[];
  readonly displayName?: string;
}

export interface TestUser {
  readonly user: User;
  readonly org: Org;
  readonly principal: Principal;
  readonly password: string;
  /** The session secret (also usable as `Authorization: Bearer`). */
  readonly token: string;
  /** Headers that authenticate an `app.inject` request as this user. */
  readonly headers: { readonly authorization: string };
  /** The same session as a browser sends it. */
  readonly cookieHeaders: { readonly cookie: string };
  /**
   * The TOTP secret, for users whose roles require one. The helper's login spent the current
   * step's code: log in again with `generateTotpCode(secret, new Date(Date.now() + 30_000))`.
   */
  readonly totpSecret?: string;
}

/**
 * Creates a user (default role analyst) in their organisation and logs them in through the
 * real login (password, and TOTP for coordinators and administrators), with a cheap scrypt
 * cost so tests stay fast. Use the returned `headers` with `app.inject`.
 */
export async function createTestUser(ctx: Context, spec: TestUserSpec): Promise<TestUser> {
  const org = await ensureTestOrg(ctx, typeof spec.org === "string" ? { id: spec.org } : spec.org);
  const roles = spec.roles ?? ["analyst"];
  const user = await createUser(
    ctx,
    {
      username: spec.username,
      displayName: spec.displayName ?? `Test user ${spec.username}`,
      orgId: org.id,
      roles: [...roles],
      password: TEST_PASSWORD,
    },
    { cost: TEST_COST },
  );
  const totpSecret = requiresTotp(roles) ? (await enrolTotp(ctx, user.username)).secret : undefined;
  const outcome = await login(
    ctx,
    {
      username: user.username,
      password: TEST_PASSWORD,
      totp: totpSecret === undefined ? undefined : generateTotpCode(totpSecret),
    },
    { ip: "192.0.2.1", userAgent: "cordon-test" },
  );
  if (!outcome.ok) throw new Error(`test login of ${user.username} failed: ${outcome.reason}`);
  const token = outcome.session.token;
  return {
    user,
    org,
    principal: outcome.principal,
    password: TEST_PASSWORD,
    token,
    headers: { authorization: `Bearer ${token}` },
    cookieHeaders: { cookie: `${SESSION_COOKIE}=${token}` },
    ...(totpSecret === undefined ? {} : { totpSecret }),
  };
}

/** Several test users at once, in order (one login each). */
export async function createTestUsers(
  ctx: Context,
  specs: readonly TestUserSpec[],
): Promise<TestUser[]> {
  const users: TestUser[] = [];
  for (const spec of specs) users.push(await createTestUser(ctx, spec));
  return users;
}
