import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTotpCode } from "../access/index.js";
import { hashSecretToken } from "../access/secret-token.js";
import { accessDb } from "../access/tables.js";
import { createTestUsers, TEST_PASSWORD, type TestUser } from "../access/testing.js";
import { listAudit, verifyAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { buildServer } from "./server.js";
import type { App } from "./zod-schema.js";

const json = { "content-type": "application/json" };

describe.each(TEST_ENGINES)("authentication over HTTP on %s", (engine) => {
  let store: TestStore;
  let app: App;
  let analyst: TestUser;
  let reviewer: TestUser;
  let coordinator: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    store = await openTestStore(engine);
    app = await buildServer(store.ctx);
    await app.ready();
    [analyst, reviewer, coordinator, admin] = (await createTestUsers(store.ctx, [
      { username: "us-analyst", org: { id: "us-delegation", country: "us" } },
      { username: "jp-reviewer", org: { id: "jp-delegation", country: "jp" }, roles: ["reviewer"] },
      {
        username: "coordinator",
        org: { id: "msmt-secretariat", kind: "secretariat" },
        roles: ["coordinator"],
      },
      { username: "admin", org: "msmt-secretariat", roles: ["administrator"] },
    ])) as [TestUser, TestUser, TestUser, TestUser];
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const postLogin = (body: Record<string, unknown>, ip = "192.0.2.10") =>
    app.inject({ method: "POST", url: "/auth/login", payload: body, remoteAddress: ip });

  async function latestAudit() {
    const [entry] = await listAudit(store.db, 1);
    return entry;
  }

  it("logs in with a password: a session cookie and the same secret for Bearer", async () => {
    const res = await postLogin({ username: "us-analyst", password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({
      username: "us-analyst",
      orgId: "us-delegation",
      roles: ["analyst"],
    });
    const cookie = res.cookies.find((c) => c.name === "cordon_session");
    expect(cookie).toMatchObject({
      value: body.token,
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
    });
    const viaCookie = await app.inject({
      url: "/auth/me",
      cookies: { cordon_session: body.token },
    });
    expect(viaCookie.json()).toMatchObject({
      user: { username: "us-analyst" },
      org: { id: "us-delegation" },
      via: "session",
    });
    const viaBearer = await app.inject({
      url: "/auth/me",
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(viaBearer.statusCode).toBe(200);
  });

  it("answers 401 with a reason, WWW-Authenticate and an audit entry for a wrong password", async () => {
    const res = await postLogin({ username: "us-analyst", password: "not the password" });
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="cordon"');
    expect(res.json()).toEqual({
      error: "invalid_credentials",
      message: "wrong username or password",
    });
    expect(res.cookies).toEqual([]);
    expect(await latestAudit()).toMatchObject({
      action: "access.login_failed",
      subject: "user:us-analyst",
    });
  });

  it("answers 400 naming the field for a login body of the wrong shape", async () => {
    const res = await postLogin({ username: "us-analyst", password: 12345 });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toContainEqual(expect.objectContaining({ field: "body.password" }));
  });

  it("asks for a credential when there is none", async () => {
    const res = await app.inject({ url: "/auth/me" });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe("unauthenticated");
  });

  it("refuses a forged token and a malformed Authorization header, and logs both", async () => {
    const forged = await app.inject({
      url: "/auth/me",
      headers: { authorization: `Bearer cordon_s_${"x".repeat(43)}` },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toBe("invalid_token");
    expect(await latestAudit()).toMatchObject({
      action: "access.auth_failed",
      detail: { reason: "unknown" },
    });
    const basic = await app.inject({
      url: "/auth/me",
      headers: { authorization: "Basic YWRtaW46YWRtaW4=" },
    });
    expect(basic.json().error).toBe("invalid_authorization");
    const injected = await app.inject({
      url: "/auth/me",
      headers: { authorization: "Bearer ' OR '1'='1" },
    });
    expect(injected.statusCode).toBe(401);
  });

  it("refuses an expired session and a logged-out one", async () => {
    const a = (await postLogin({ username: "jp-reviewer", password: TEST_PASSWORD })).json();
    await accessDb(store.db)
      .updateTable("access_session")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("token_hash", "=", hashSecretToken(a.token))
      .execute();
    const expired = await app.inject({
      url: "/auth/me",
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toBe("credential_expired");

    const b = (await postLogin({ username: "jp-reviewer", password: TEST_PASSWORD })).json();
    const headers = { authorization: `Bearer ${b.token}` };
    const out = await app.inject({ method: "POST", url: "/auth/logout", headers });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({ url: "/auth/me", headers });
    expect(after.json().error).toBe("credential_revoked");
  });

  it("still serves public pages to a browser whose cookie has expired", async () => {
    const res = await app.inject({ url: "/ui/login", cookies: { cordon_session: "stale" } });
    expect(res.statusCode).toBe(200);
  });

  it("requires a TOTP code of a coordinator; refuses a wrong, a missing and a replayed one", async () => {
    const secret = coordinator.totpSecret ?? "";
    const missing = await postLogin({ username: "coordinator", password: TEST_PASSWORD });
    expect([missing.statusCode, missing.json().error]).toEqual([401, "totp_required"]);
    const wrong = await postLogin({
      username: "coordinator",
      password: TEST_PASSWORD,
      totp: "123456",
    });
    expect(wrong.json().error).toBe(
      generateTotpCode(secret) === "123456" ? "totp_replayed" : "totp_invalid",
    );
    const notDigits = await postLogin({
      username: "coordinator",
      password: TEST_PASSWORD,
      totp: "12ab56",
    });
    expect(notDigits.statusCode).toBe(400);
    // The helper's login used the current step; the next step's code is fresh.
    const code = generateTotpCode(secret, new Date(Date.now() + 30_000));
    const ok = await postLogin({ username: "coordinator", password: TEST_PASSWORD, totp: code });
    expect(ok.statusCode).toBe(200);
    const replay = await postLogin({
      username: "coordinator",
      password: TEST_PASSWORD,
      totp: code,
    });
    expect([replay.statusCode, replay.json().error]).toEqual([401, "totp_replayed"]);
  });

  it("answers 429 with Retry-After once a username has failed too often", async () => {
    const ip = "203.0.113.50";
    for (let i = 0; i < 10; i++)
      await postLogin({ username: "ratelimited", password: `guess ${i}` }, ip);
    const res = await postLogin({ username: "ratelimited", password: "guess 11" }, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().error).toBe("rate_limited");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("keeps the limit when a new server starts on the same database", async () => {
    const again = await buildServer(store.ctx);
    try {
      const res = await again.inject({
        method: "POST",
        url: "/auth/login",
        payload: { username: "ratelimited", password: "guess 12" },
        remoteAddress: "198.51.100.99",
      });
      expect(res.statusCode).toBe(429);
    } finally {
      await again.close();
    }
  });

  it("lets only administrators manage organisations and users", async () => {
    const org = {
      id: "fr-delegation",
      name: "Delegation of France",
      kind: "delegation",
      country: "FR",
    };
    const denied = await app.inject({
      method: "POST",
      url: "/orgs",
      headers: analyst.headers,
      payload: org,
    });
    expect(denied.statusCode).toBe(403);
    const anonymous = await app.inject({ method: "POST", url: "/orgs", payload: org });
    expect(anonymous.statusCode).toBe(401);
    const created = await app.inject({
      method: "POST",
      url: "/orgs",
      headers: admin.headers,
      payload: org,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: "fr-delegation", country: "fr" });
    const dup = await app.inject({
      method: "POST",
      url: "/orgs",
      headers: admin.headers,
      payload: org,
    });
    expect([dup.statusCode, dup.json().error]).toEqual([400, "org_exists"]);
    const users = await app.inject({ url: "/users", headers: reviewer.headers });
    expect(users.statusCode).toBe(403);
    const listed = await app.inject({
      url: "/users?orgId=msmt-secretariat",
      headers: admin.headers,
    });
    expect(listed.json().users.map((u: { username: string }) => u.username)).toEqual([
      "admin",
      "coordinator",
    ]);
    const me = (await app.inject({ url: "/auth/me", headers: admin.headers })).json();
    expect(me.actions).toEqual(
      expect.arrayContaining(["users.create", "orgs.create", "tokens.create"]),
    );
    expect(
      (await app.inject({ url: "/auth/me", headers: reviewer.headers })).json().actions,
    ).toEqual(["tokens.create", "totp.enrol"]);
    const orgs = await app.inject({ url: "/orgs", headers: reviewer.headers });
    expect(orgs.json().orgs.map((o: { id: string }) => o.id)).toContain("fr-delegation");
  });

  it("stores SQL and HTML in names as text and refuses them in ids", async () => {
    const name = `Robert'); DROP TABLE access_org; -- <script>alert("x")</script>`;
    const created = await app.inject({
      method: "POST",
      url: "/orgs",
      headers: admin.headers,
      payload: { id: "de-delegation", name, kind: "delegation", country: "de" },
    });
    expect(created.statusCode).toBe(201);
    const orgs = (await app.inject({ url: "/orgs", headers: admin.headers })).json().orgs;
    expect(orgs.find((o: { id: string }) => o.id === "de-delegation")?.name).toBe(name);
    const badId = await app.inject({
      method: "POST",
      url: "/orgs",
      headers: admin.headers,
      payload: { id: "x'; DROP TABLE access_org; --", name: "x", kind: "delegation" },
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().issues).toContainEqual(expect.objectContaining({ field: "body.id" }));
    const badUser = await app.inject({
      method: "POST",
      url: "/users",
      headers: admin.headers,
      payload: {
        username: "<b>x</b>",
        displayName: "\u0000",
        orgId: "de-delegation",
        roles: ["root"],
        password: "short",
      },
    });
    expect(badUser.statusCode).toBe(400);
    const fields = badUser.json().issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "body.username",
        "body.displayName",
        "body.roles.0",
        "body.password",
      ]),
    );
  });

  it("creates a user by API, who logs in; a disabled one is refused and loses their sessions", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/users",
      headers: admin.headers,
      payload: {
        username: "fr-analyst",
        displayName: "<img src=x onerror=alert(1)>",
        orgId: "fr-delegation",
        roles: ["analyst"],
        password: "a long enough password",
      },
    });
    expect(created.statusCode).toBe(201);
    const session = (
      await postLogin({ username: "fr-analyst", password: "a long enough password" })
    ).json();
    const disabled = await app.inject({
      method: "POST",
      url: "/users/fr-analyst/disable",
      headers: admin.headers,
    });
    expect(disabled.json()).toMatchObject({ username: "fr-analyst", disabled: true });
    const me = await app.inject({
      url: "/auth/me",
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(me.statusCode).toBe(401);
    const again = await postLogin({ username: "fr-analyst", password: "a long enough password" });
    expect([again.statusCode, again.json().error]).toEqual([401, "user_disabled"]);
  });

  it("lets an administrator enrol a new coordinator's TOTP, who can then log in", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/users",
      headers: admin.headers,
      payload: {
        username: "fr-coordinator",
        displayName: "Coordinator of France",
        orgId: "fr-delegation",
        roles: ["coordinator"],
        password: "another long password",
      },
    });
    expect(created.json().totpEnabled).toBe(false);
    const refused = await postLogin({
      username: "fr-coordinator",
      password: "another long password",
    });
    expect(refused.json().error).toBe("totp_not_enrolled");
    const byAnalyst = await app.inject({
      method: "POST",
      url: "/users/fr-coordinator/totp",
      headers: analyst.headers,
    });
    expect(byAnalyst.statusCode).toBe(403);
    const enrolled = await app.inject({
      method: "POST",
      url: "/users/fr-coordinator/totp",
      headers: admin.headers,
    });
    expect(enrolled.json().uri).toMatch(/^otpauth:\/\/totp\/Cordon:fr-coordinator\?/);
    const ok = await postLogin({
      username: "fr-coordinator",
      password: "another long password",
      totp: generateTotpCode(enrolled.json().secret),
    });
    expect(ok.statusCode).toBe(200);
    const demoted = await app.inject({
      method: "POST",
      url: "/users/fr-coordinator/roles",
      headers: admin.headers,
      payload: { roles: ["reviewer"] },
    });
    expect(demoted.json().roles).toEqual(["reviewer"]);
    const session = await app.inject({
      url: "/auth/me",
      headers: { authorization: `Bearer ${ok.json().token}` },
    });
    expect(session.json().error).toBe("credential_revoked");
    const bad = await app.inject({
      method: "POST",
      url: "/users/fr-coordinator/roles",
      headers: admin.headers,
      payload: { roles: ["superuser"] },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("issues, uses and revokes API tokens; a token mints no token; others' answer 404", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/auth/tokens",
      headers: analyst.headers,
      payload: { name: "nightly import", expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json();
    expect(token.token).toMatch(/^cordon_t_/);
    const bearer = { authorization: `Bearer ${token.token}` };
    expect((await app.inject({ url: "/auth/me", headers: bearer })).json().via).toBe("api");
    const minted = await app.inject({
      method: "POST",
      url: "/auth/tokens",
      headers: bearer,
      payload: { name: "x" },
    });
    expect(minted.statusCode).toBe(400);
    const listed = (await app.inject({ url: "/auth/tokens", headers: analyst.headers })).json()
      .tokens;
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token.token);
    const stolen = await app.inject({
      method: "DELETE",
      url: `/auth/tokens/${token.id}`,
      headers: reviewer.headers,
    });
    expect(stolen.statusCode).toBe(404);
    const revoked = await app.inject({
      method: "DELETE",
      url: `/auth/tokens/${token.id}`,
      headers: analyst.headers,
    });
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await app.inject({ url: "/auth/me", headers: bearer });
    expect(after.json().error).toBe("credential_revoked");
  });

  it("enrols TOTP for oneself with a confirming code, then requires it", async () => {
    const login = (await postLogin({ username: "jp-reviewer", password: TEST_PASSWORD })).json();
    const headers = { authorization: `Bearer ${login.token}` };
    const enrol = await app.inject({ method: "POST", url: "/auth/totp/enrol", headers });
    expect(enrol.statusCode).toBe(200);
    const { secret, uri } = enrol.json();
    expect(uri).toContain(`secret=${secret}`);
    // Not active until confirmed: the password alone still works.
    expect((await postLogin({ username: "jp-reviewer", password: TEST_PASSWORD })).statusCode).toBe(
      200,
    );
    const code = generateTotpCode(secret);
    const wrong = await app.inject({
      method: "POST",
      url: "/auth/totp/confirm",
      headers,
      payload: { code: code === "000000" ? "111111" : "000000" },
    });
    expect(wrong.statusCode).toBe(400);
    const confirmed = await app.inject({
      method: "POST",
      url: "/auth/totp/confirm",
      headers,
      payload: { code },
    });
    expect(confirmed.statusCode).toBe(204);
    const without = await postLogin({ username: "jp-reviewer", password: TEST_PASSWORD });
    expect(without.json().error).toBe("totp_required");
    // Replacing an active second factor takes a current code of it, not just the session.
    const hijack = await app.inject({ method: "POST", url: "/auth/totp/enrol", headers });
    expect([hijack.statusCode, hijack.json().error]).toEqual([400, "totp_required"]);
    const next = generateTotpCode(secret, new Date(Date.now() + 30_000));
    const replace = await app.inject({
      method: "POST",
      url: "/auth/totp/enrol",
      headers,
      payload: { totp: next },
    });
    expect(replace.statusCode).toBe(200);
    expect(replace.json().secret).not.toBe(secret);
    // The code that authorised the replacement is spent.
    const replayed = await postLogin({
      username: "jp-reviewer",
      password: TEST_PASSWORD,
      totp: next,
    });
    expect(replayed.json().error).toBe("totp_replayed");
  });

  it("refuses a session cookie on a state-changing request from another origin", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/auth/logout",
      headers: { ...analyst.cookieHeaders, origin: "https://evil.example", host: "cordon.example" },
    });
    expect([res.statusCode, res.json().error]).toEqual([401, "cross_site_request"]);
    const sameOrigin = await app.inject({
      url: "/auth/me",
      headers: { ...analyst.cookieHeaders, origin: "https://evil.example" },
    });
    expect(sameOrigin.statusCode).toBe(200);
  });

  it("serves a login page that escapes what was typed and sets the cookie on success", async () => {
    const page = await app.inject({ url: "/ui/login?next=/ui/screen" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="next" value="/ui/screen"');
    const hostile = await app.inject({
      method: "POST",
      url: "/ui/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        username: '<script>alert("x")</script>',
        password: "whatever it is",
      }).toString(),
      remoteAddress: "192.0.2.77",
    });
    expect(hostile.statusCode).toBe(401);
    expect(hostile.body).not.toContain("<script>alert");
    expect(hostile.body).toContain("&lt;script&gt;");
    const ok = await app.inject({
      method: "POST",
      url: "/ui/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        username: "us-analyst",
        password: TEST_PASSWORD,
        next: "//evil.example/x",
      }).toString(),
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe("/");
    expect(ok.cookies.map((c) => c.name)).toContain("cordon_session");
  });

  it("does not take url-encoded bodies on the JSON routes", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/auth/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `username=us-analyst&password=${encodeURIComponent(TEST_PASSWORD)}`,
    });
    expect(res.statusCode).toBe(415);
  });

  it("describes the auth routes in OpenAPI and leaves an intact audit log", async () => {
    const spec = (await app.inject({ url: "/openapi.json", headers: json })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/auth/login",
        "/auth/logout",
        "/auth/me",
        "/auth/tokens",
        "/auth/tokens/{id}",
        "/orgs",
        "/users",
      ]),
    );
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
  });
});
