import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAudit, verifyAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { authenticateSecret } from "./authenticate.js";
import { login } from "./login.js";
import { DEFAULT_LOGIN_LIMITS } from "./login-limit.js";
import { createOrg } from "./orgs.js";
import { TEST_COST } from "./password.js";
import { revokeSession } from "./sessions.js";
import { accessDb } from "./tables.js";
import { enrolTotp, generateTotpCode } from "./totp.js";
import { createUser, disableUser, setPassword } from "./users.js";

const PASSWORD = "correct horse battery staple";
const CLIENT = { ip: "198.51.100.7", userAgent: "vitest" };

describe.each(TEST_ENGINES)("login on %s", (engine) => {
  let store: TestStore;
  let coordinatorSecret: string;
  beforeEach(async () => {
    store = await openTestStore(engine);
    const ctx = store.ctx;
    await createOrg(ctx, {
      id: "kr-delegation",
      name: "Delegation of the Republic of Korea",
      kind: "delegation",
      country: "kr",
    });
    await createOrg(ctx, { id: "msmt-secretariat", name: "MSMT Secretariat", kind: "secretariat" });
    for (const [username, orgId, role] of [
      ["kr-analyst", "kr-delegation", "analyst"],
      ["kr-other", "kr-delegation", "analyst"],
      ["coordinator", "msmt-secretariat", "coordinator"],
      ["new-admin", "msmt-secretariat", "administrator"],
    ] as const)
      await createUser(
        ctx,
        { username, displayName: username, orgId, roles: [role], password: PASSWORD },
        { cost: TEST_COST },
      );
    coordinatorSecret = (await enrolTotp(ctx, "coordinator")).secret;
  });
  afterEach(async () => {
    await store.close();
  });

  const attempt = (username: string, password: string, totp?: string, ip = CLIENT.ip) =>
    login(store.ctx, { username, password, totp }, { ...CLIENT, ip });

  it("logs an analyst in with a password and authenticates the session secret", async () => {
    const outcome = await attempt("KR-Analyst", PASSWORD);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.principal).toMatchObject({
      username: "kr-analyst",
      orgId: "kr-delegation",
      roles: ["analyst"],
    });
    const auth = await authenticateSecret(store.ctx, outcome.session.token);
    expect(auth).toMatchObject({
      ok: true,
      principal: outcome.principal,
      via: { kind: "session" },
    });
    const stored = await accessDb(store.db)
      .selectFrom("access_session")
      .select("token_hash")
      .execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(outcome.session.token);
  });

  it("refuses a wrong password and an unknown user with the same reason", async () => {
    expect(await attempt("kr-analyst", "wrong password!")).toMatchObject({
      ok: false,
      reason: "invalid_credentials",
    });
    expect(await attempt("nobody", PASSWORD)).toMatchObject({
      ok: false,
      reason: "invalid_credentials",
    });
    expect(await attempt("'; DROP TABLE access_user; --", PASSWORD)).toMatchObject({
      ok: false,
      reason: "invalid_credentials",
    });
  });

  it("writes every success and failure to the audit log, which still verifies", async () => {
    await attempt("kr-analyst", "wrong password!");
    await attempt("kr-analyst", PASSWORD);
    const [success, failure] = await listAudit(store.db, 2);
    expect(success).toMatchObject({
      action: "access.login",
      actor: "user:kr-analyst",
      subject: "user:kr-analyst",
    });
    expect(success?.detail).toMatchObject({ ip: CLIENT.ip, factors: "password" });
    expect(failure).toMatchObject({ action: "access.login_failed", actor: "anonymous" });
    expect(failure?.detail).toEqual({ ip: CLIENT.ip, reason: "invalid_credentials" });
    expect(JSON.stringify(await listAudit(store.db, 100))).not.toContain(PASSWORD);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
  });

  it("requires TOTP of a coordinator, refuses a wrong code and a replayed one", async () => {
    expect(await attempt("coordinator", PASSWORD)).toMatchObject({
      ok: false,
      reason: "totp_required",
    });
    expect(await attempt("coordinator", PASSWORD, "000000")).toMatchObject({
      ok: false,
      reason: "totp_invalid",
    });
    const code = generateTotpCode(coordinatorSecret);
    const first = await attempt("coordinator", PASSWORD, code);
    expect(first).toMatchObject({ ok: true, principal: { roles: ["coordinator"] } });
    expect(await attempt("coordinator", PASSWORD, code)).toMatchObject({
      ok: false,
      reason: "totp_replayed",
    });
    const next = generateTotpCode(coordinatorSecret, new Date(Date.now() + 30_000));
    expect(await attempt("coordinator", PASSWORD, next)).toMatchObject({ ok: true });
  });

  it("refuses a TOTP code without the right password (the code is not a password)", async () => {
    const code = generateTotpCode(coordinatorSecret);
    expect(await attempt("coordinator", "wrong password!", code)).toMatchObject({
      reason: "invalid_credentials",
    });
    expect(await attempt("coordinator", PASSWORD, code)).toMatchObject({ ok: true });
  });

  it("refuses an administrator who has no second factor yet", async () => {
    expect(await attempt("new-admin", PASSWORD)).toMatchObject({
      ok: false,
      reason: "totp_not_enrolled",
    });
  });

  it("refuses a disabled user and ends their sessions", async () => {
    const before = await attempt("kr-analyst", PASSWORD);
    if (!before.ok) throw new Error(before.reason);
    await disableUser(store.ctx, "kr-analyst");
    expect(await attempt("kr-analyst", PASSWORD)).toMatchObject({
      ok: false,
      reason: "user_disabled",
    });
    expect(await attempt("kr-analyst", "wrong password!")).toMatchObject({
      reason: "invalid_credentials",
    });
    expect(await authenticateSecret(store.ctx, before.session.token)).toEqual({
      ok: false,
      reason: "revoked",
    });
  });

  it("refuses an expired, a revoked, a forged and a malformed secret", async () => {
    const a = await attempt("kr-analyst", PASSWORD);
    const b = await attempt("kr-other", PASSWORD);
    if (!a.ok || !b.ok) throw new Error("login failed");
    await accessDb(store.db)
      .updateTable("access_session")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", a.session.id)
      .execute();
    expect(await authenticateSecret(store.ctx, a.session.token)).toEqual({
      ok: false,
      reason: "expired",
    });
    await revokeSession(store.ctx, b.session.id);
    expect(await authenticateSecret(store.ctx, b.session.token)).toEqual({
      ok: false,
      reason: "revoked",
    });
    const forged = `cordon_s_${"A".repeat(43)}`;
    expect(await authenticateSecret(store.ctx, forged)).toEqual({ ok: false, reason: "unknown" });
    expect(await authenticateSecret(store.ctx, "admin")).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("ends every session when the password changes", async () => {
    const before = await attempt("kr-analyst", PASSWORD);
    if (!before.ok) throw new Error(before.reason);
    await setPassword(store.ctx, "kr-analyst", "an entirely new passphrase", { cost: TEST_COST });
    expect(await authenticateSecret(store.ctx, before.session.token)).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(await attempt("kr-analyst", PASSWORD)).toMatchObject({ reason: "invalid_credentials" });
    expect(await attempt("kr-analyst", "an entirely new passphrase")).toMatchObject({ ok: true });
  });

  it("locks a username after 10 failures, even for the right password, until the window passes", async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perUsername; i++)
      expect(await attempt("kr-analyst", `guess number ${i}`)).toMatchObject({
        reason: "invalid_credentials",
      });
    const locked = await attempt("kr-analyst", PASSWORD);
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(locked.ok === false && locked.retryAfterSeconds).toBeGreaterThan(0);
    // Another user from the same address is not locked out by it.
    expect(await attempt("kr-other", PASSWORD)).toMatchObject({ ok: true });
    // The limit is read from the stored attempts: age them past the window, as time would.
    await accessDb(store.db)
      .updateTable("access_login_attempt")
      .set({ at: new Date(Date.now() - (DEFAULT_LOGIN_LIMITS.windowSeconds + 60) * 1000) })
      .where("username", "=", "kr-analyst")
      .execute();
    expect(await attempt("kr-analyst", PASSWORD)).toMatchObject({ ok: true });
  });

  it("counts failures per username from the last success", async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perUsername - 1; i++)
      await attempt("kr-analyst", `guess ${i}`);
    expect(await attempt("kr-analyst", PASSWORD)).toMatchObject({ ok: true });
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perUsername - 1; i++)
      await attempt("kr-analyst", `again ${i}`);
    expect(await attempt("kr-analyst", PASSWORD)).toMatchObject({ ok: true });
  });

  it("limits an address that tries many usernames, and a success does not reset it", async () => {
    const names = ["kr-analyst", "kr-other", "coordinator", "new-admin"];
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perIp; i++)
      await attempt(names[i % names.length] ?? "", `spray ${i}`, undefined, "203.0.113.9");
    expect(await attempt("kr-other", PASSWORD, undefined, "203.0.113.9")).toMatchObject({
      reason: "rate_limited",
    });
    // Elsewhere the same user logs in, which does not clear the address.
    expect(await attempt("kr-other", PASSWORD, undefined, "192.0.2.44")).toMatchObject({
      ok: true,
    });
    expect(await attempt("kr-other", PASSWORD, undefined, "203.0.113.9")).toMatchObject({
      reason: "rate_limited",
    });
  });

  it("forgets stored attempts after a day (the audit log keeps them)", async () => {
    await attempt("kr-analyst", "an old failure");
    const attempts = accessDb(store.db).selectFrom("access_login_attempt").select("reason");
    await accessDb(store.db)
      .updateTable("access_login_attempt")
      .set({ at: new Date(Date.now() - 2 * 86_400_000) })
      .execute();
    await attempt("kr-analyst", PASSWORD);
    expect(await attempts.execute()).toEqual([{ reason: "ok" }]);
    expect((await listAudit(store.db, 2)).map((e) => e.action)).toEqual([
      "access.login",
      "access.login_failed",
    ]);
  });

  it("holds the limit across parallel attempts", async () => {
    const results = await Promise.all(
      Array.from({ length: DEFAULT_LOGIN_LIMITS.perUsername + 5 }, (_, i) =>
        attempt("kr-analyst", `parallel ${i}`),
      ),
    );
    const refusedAsLimited = results.filter((r) => !r.ok && r.reason === "rate_limited").length;
    expect(refusedAsLimited).toBe(5);
  });
});
