import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../access/testing.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { buildServer } from "../server.js";
import type { App } from "../zod-schema.js";

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../chain/fixtures/${name}`, import.meta.url)), "utf8");
const S = `0x${"ab".repeat(20)}`;
const Z = `0x${"cd".repeat(20)}`;

describe.each(TEST_ENGINES)("chain over HTTP on %s", (engine) => {
  let store: TestStore;
  let app: App;
  let member: TestUser;
  /** A request as a signed-in analyst. */
  const asMember = (request: InjectOptions) =>
    app.inject({ ...request, headers: { ...member.headers, ...request.headers } });
  beforeAll(async () => {
    store = await openTestStore(engine, "api");
    member = await createTestUser(store.ctx, { username: "chain-analyst", org: "us" });
    app = await buildServer(store.ctx);
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("imports, traces, exports and draws a trace", async () => {
    const bad = await asMember({
      method: "POST",
      url: "/chain/transfers",
      payload: { file: "bad.csv", csv: fixture("transfers-bad.csv") },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toHaveLength(7);
    const imported = await asMember({
      method: "POST",
      url: "/chain/transfers",
      payload: { file: "transfers.csv", csv: fixture("transfers.csv") },
    });
    expect(imported.json()).toMatchObject({ rows: 6, added: 5, duplicates: 1 });
    const labels = await asMember({
      method: "POST",
      url: "/chain/labels",
      payload: { file: "labels.csv", csv: fixture("labels.csv") },
    });
    expect(labels.json()).toMatchObject({ rows: 3, added: 3 });

    const traced = await asMember({
      method: "POST",
      url: "/chain/traces",
      payload: { seeds: [S], method: "fifo" },
    });
    expect(traced.statusCode).toBe(200);
    const trace = traced.json();
    expect(trace.addresses.find((a: { address: string }) => a.address === Z)).toMatchObject({
      tainted: "10",
      service: true,
    });

    const saved = await asMember({ method: "GET", url: `/chain/traces/${trace.id}` });
    expect(saved.json()).toEqual(trace);
    // A page of the reached addresses; the summary still counts them all.
    const second = await asMember({
      method: "GET",
      url: `/chain/traces/${trace.id}?limit=1&offset=1`,
    });
    expect(second.json().addresses).toEqual([trace.addresses[1]]);
    expect(second.json().summary.reached).toBe(trace.addresses.length);
    const tooMany = await asMember({ method: "GET", url: `/chain/traces/${trace.id}?limit=0` });
    expect(tooMany.statusCode).toBe(400);
    const graphml = await asMember({
      method: "GET",
      url: `/chain/traces/${trace.id}/export?format=graphml`,
    });
    expect(graphml.body).toContain(`<node id="${Z}">`);
    const stix = await asMember({
      method: "GET",
      url: `/chain/traces/${trace.id}/export?format=stix`,
    });
    expect(stix.json().objects.map((o: { pattern: string }) => o.pattern)).toContain(
      `[cryptocurrency-wallet:address = '${Z}']`,
    );
    const cytoscape = await asMember({
      method: "GET",
      url: `/chain/traces/${trace.id}/export?format=cytoscape`,
    });
    expect(cytoscape.json().elements.edges.length).toBe(trace.edges.length);

    const page = await asMember({ method: "GET", url: `/ui/chain?seeds=${S}&method=haircut` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<svg");
    expect(page.body).toContain("Exchange Z deposit");

    const exposure = await asMember({
      method: "POST",
      url: "/chain/exposure",
      payload: { trace: trace.id, addresses: [Z], methods: ["haircut"] },
    });
    expect(exposure.json().rows).toEqual([
      expect.objectContaining({ method: "haircut", tainted: "5", share: "0.25" }),
    ]);
    const missing = await asMember({
      method: "GET",
      url: "/chain/traces/trace-0000000000000000",
    });
    expect(missing.statusCode).toBe(404);
  });

  it("answers 401 to a caller who is not signed in, for reads and imports alike", async () => {
    const anonymous = [
      {
        method: "POST",
        url: "/chain/transfers",
        payload: { file: "t.csv", csv: fixture("transfers.csv") },
      },
      {
        method: "POST",
        url: "/chain/labels",
        payload: { file: "l.csv", csv: fixture("labels.csv") },
      },
      { method: "POST", url: "/chain/traces", payload: { seeds: [S], method: "fifo" } },
      { method: "POST", url: "/chain/exposure", payload: { seeds: [S], addresses: [Z] } },
      { method: "GET", url: "/chain/traces" },
      { method: "GET", url: "/chain/traces/trace-0000000000000000" },
    ] as const;
    for (const request of anonymous) expect((await app.inject(request)).statusCode).toBe(401);
    const page = await app.inject({
      url: `/ui/chain?seeds=${S}`,
      headers: { accept: "text/html" },
    });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/ui\/login\?next=/);
  });

  it("names the caller in the audit log of imports and traces", async () => {
    const entries = await store.ctx.db
      .selectFrom("store_audit_log")
      .select("action")
      .where("actor", "=", "user:chain-analyst")
      .execute();
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(["chain.import", "chain.labels.import", "chain.trace"]),
    );
  });
});
