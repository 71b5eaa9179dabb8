import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { type AccessDemo, DEMO_ORGS, seedAccessDemo } from "./demo.js";
import { login } from "./login.js";
import { listOrgs } from "./orgs.js";
import { TEST_COST } from "./password.js";
import { ROLES } from "./principal.js";
import { generateTotpCode } from "./totp.js";
import { listUsers } from "./users.js";

describe.each(TEST_ENGINES)("the access demo on %s", (engine) => {
  let store: TestStore;
  let demo: AccessDemo;
  beforeAll(async () => {
    store = await openTestStore(engine);
    demo = await seedAccessDemo(store.ctx, { cost: TEST_COST });
  });
  afterAll(async () => {
    await store.close();
  });

  it("creates the eleven delegations, the secretariat, a research group and a company", async () => {
    const orgs = await listOrgs(store.ctx);
    expect(orgs).toHaveLength(DEMO_ORGS.length);
    expect(orgs.filter((o) => o.kind === "delegation").map((o) => o.country)).toHaveLength(11);
    expect(new Set(orgs.map((o) => o.kind))).toEqual(
      new Set(["delegation", "secretariat", "company", "research_group"]),
    );
  });

  it("has a user of every role, each able to log in with the printed password (and TOTP)", async () => {
    expect(new Set(demo.users.flatMap((u) => u.roles))).toEqual(new Set(ROLES));
    for (const user of demo.users) {
      const outcome = await login(
        store.ctx,
        {
          username: user.username,
          password: user.password,
          totp: user.totp && generateTotpCode(user.totp.secret),
        },
        { ip: "192.0.2.200", userAgent: "demo test" },
      );
      expect(outcome, user.username).toMatchObject({ ok: true, principal: { orgId: user.orgId } });
    }
    expect(demo.users.find((u) => u.username === "admin")?.totp?.uri).toMatch(
      /^otpauth:\/\/totp\//,
    );
  });

  it("leaves what exists alone when run again", async () => {
    const again = await seedAccessDemo(store.ctx, { cost: TEST_COST });
    expect(again.orgsCreated).toBe(0);
    expect(again.users.every((u) => !u.created)).toBe(true);
    expect(again.users.find((u) => u.username === "coordinator")?.totp?.secret).toBe(
      demo.users.find((u) => u.username === "coordinator")?.totp?.secret,
    );
    expect(await listUsers(store.ctx)).toHaveLength(demo.users.length);
  });
});
