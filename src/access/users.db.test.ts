import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Invalid, NotFound } from "../model/index.js";
import { listAudit, verifyAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens.js";
import { authenticateSecret } from "./authenticate.js";
import { createOrg, getOrg, listOrgs } from "./orgs.js";
import { TEST_COST } from "./password.js";
import { accessDb } from "./tables.js";
import { createUser, disableUser, getUser, listUsers, setRoles, toPrincipal } from "./users.js";

const PASSWORD = "correct horse battery staple";

describe.each(TEST_ENGINES)("organisations, users and API tokens on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine, "cli:admin");
    await createOrg(store.ctx, {
      id: "jp-delegation",
      name: "Delegation of Japan",
      kind: "delegation",
      country: "JP",
    });
  });
  afterEach(async () => {
    await store.close();
  });

  const addUser = (username: string, roles: ("analyst" | "administrator")[] = ["analyst"]) =>
    createUser(
      store.ctx,
      {
        username,
        displayName: `User ${username}`,
        orgId: "jp-delegation",
        roles,
        password: PASSWORD,
      },
      { cost: TEST_COST },
    );

  it("creates an organisation with its country in lower case, and records who did", async () => {
    expect(await getOrg(store.ctx, "jp-delegation")).toMatchObject({
      kind: "delegation",
      country: "jp",
    });
    expect((await listAudit(store.db, 1))[0]).toMatchObject({
      actor: "cli:admin",
      action: "access.org.create",
      subject: "org:jp-delegation",
    });
    await expect(getOrg(store.ctx, "nowhere")).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses a bad organisation naming each field, and a taken id", async () => {
    const error = await createOrg(store.ctx, {
      id: "A B",
      name: "",
      kind: "embassy" as "company",
      country: "JPN",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues.map((i) => i.field).sort()).toEqual([
      "country",
      "id",
      "kind",
      "name",
    ]);
    await expect(
      createOrg(store.ctx, { id: "jp-delegation", name: "Again", kind: "delegation" }),
    ).rejects.toMatchObject({ code: "org_exists" });
    expect(await listOrgs(store.ctx)).toHaveLength(1);
  });

  it("creates a user with a normalised username and no secret in the audit log", async () => {
    const user = await addUser("  Sato.Haruka ");
    expect(user).toMatchObject({
      username: "sato.haruka",
      orgId: "jp-delegation",
      roles: ["analyst"],
      totpEnabled: false,
    });
    expect(await getUser(store.ctx, "SATO.HARUKA")).toEqual(user);
    const row = await accessDb(store.db)
      .selectFrom("access_user")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$scrypt\$/);
    const audit = JSON.stringify(await listAudit(store.db, 10));
    expect(audit).not.toContain(PASSWORD);
    expect(audit).not.toContain(row.password_hash);
  });

  it("refuses a taken username, an unknown organisation, an unknown role and a short password", async () => {
    await addUser("kenji");
    await expect(addUser("KENJI")).rejects.toMatchObject({ code: "user_exists" });
    await expect(
      createUser(store.ctx, {
        username: "x1",
        displayName: "X",
        orgId: "nowhere",
        roles: ["analyst"],
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: "org_not_found" });
    const error = await createUser(store.ctx, {
      username: "x2",
      displayName: "X",
      orgId: "jp-delegation",
      roles: ["superuser" as "analyst"],
      password: "short",
    }).catch((e: unknown) => e);
    expect((error as Invalid).issues.map((i) => i.field)).toEqual(["roles.0", "password"]);
    expect(await listUsers(store.ctx)).toHaveLength(1);
  });

  it("keeps SQL and HTML in display names as plain text", async () => {
    const name = `'); DELETE FROM access_user; -- <script>alert(1)</script>`;
    await createUser(
      store.ctx,
      {
        username: "mallory",
        displayName: name,
        orgId: "jp-delegation",
        roles: ["analyst"],
        password: PASSWORD,
      },
      { cost: TEST_COST },
    );
    await addUser("bystander");
    expect((await getUser(store.ctx, "mallory")).displayName).toBe(name);
    expect(await listUsers(store.ctx)).toHaveLength(2);
  });

  it("issues named API tokens, stored hashed, with expiry; revokes them for their owner or an administrator only", async () => {
    const owner = await addUser("owner");
    const other = await addUser("other");
    const admin = await addUser("admin", ["administrator"]);
    const created = await createApiToken(store.ctx, "owner", {
      name: "nightly import",
      expiresInDays: 7,
    });
    expect(created.expiresAt.getTime() - created.createdAt.getTime()).toBeCloseTo(
      7 * 86_400_000,
      -5,
    );
    const auth = await authenticateSecret(store.ctx, created.token);
    expect(auth).toMatchObject({
      ok: true,
      principal: toPrincipal(owner),
      via: { kind: "api", id: created.id },
    });
    expect((await listApiTokens(store.ctx, "owner"))[0]?.lastUsedAt).not.toBeNull();
    const stored = await accessDb(store.db)
      .selectFrom("access_api_token")
      .select("token_hash")
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(created.token);

    await expect(revokeApiToken(store.ctx, toPrincipal(other), created.id)).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(
      revokeApiToken(store.ctx, toPrincipal(other), "no-such-id"),
    ).rejects.toBeInstanceOf(NotFound);
    expect(
      (await revokeApiToken(store.ctx, toPrincipal(admin), created.id)).revokedAt,
    ).not.toBeNull();
    expect(await authenticateSecret(store.ctx, created.token)).toEqual({
      ok: false,
      reason: "revoked",
    });

    await expect(
      createApiToken(store.ctx, "owner", { name: "", expiresInDays: 400 }),
    ).rejects.toBeInstanceOf(Invalid);
    const expiring = await createApiToken(store.ctx, "owner", {
      name: "short-lived",
      expiresInDays: 1,
    });
    await accessDb(store.db)
      .updateTable("access_api_token")
      .set({ expires_at: new Date(Date.now() - 1) })
      .where("id", "=", expiring.id)
      .execute();
    expect(await authenticateSecret(store.ctx, expiring.token)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("disables a user, revoking their API tokens", async () => {
    await addUser("leaver");
    const token = await createApiToken(store.ctx, "leaver", { name: "script" });
    const user = await disableUser(store.ctx, "leaver");
    expect(user.disabledAt).not.toBeNull();
    expect(await authenticateSecret(store.ctx, token.token)).toEqual({
      ok: false,
      reason: "revoked",
    });
    await expect(disableUser(store.ctx, "nobody")).rejects.toBeInstanceOf(NotFound);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
  });

  it("changes roles, ending every credential that carried the old ones", async () => {
    await addUser("promoted");
    const token = await createApiToken(store.ctx, "promoted", { name: "script" });
    const user = await setRoles(store.ctx, "promoted", ["reviewer", "coordinator", "reviewer"]);
    expect(user.roles).toEqual(["reviewer", "coordinator"]);
    expect(await authenticateSecret(store.ctx, token.token)).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect((await listAudit(store.db, 1))[0]).toMatchObject({
      action: "access.user.roles",
      detail: { from: ["analyst"], to: ["reviewer", "coordinator"] },
    });
    await expect(setRoles(store.ctx, "promoted", [])).rejects.toBeInstanceOf(Invalid);
  });

  it("rejects rows the application would refuse, in the database too", async () => {
    await expect(
      store.runScript(
        "INSERT INTO access_user (id, username, display_name, org_id, roles, password_hash) VALUES ('u', 'x', 'X', 'jp-delegation', ARRAY['root'], 'h')",
      ),
    ).rejects.toThrow(/check/i);
  });
});
