import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  beforeAll(async () => {
    store = await openTestStore(engine, "api");
    app = await buildServer(store.ctx);
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("imports, traces, exports and draws a trace", async () => {
    const bad = await app.inject({
      method: "POST",
      url: "/chain/transfers",
      payload: { file: "bad.csv", csv: fixture("transfers-bad.csv") },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toHaveLength(7);
    const imported = await app.inject({
      method: "POST",
      url: "/chain/transfers",
      payload: { file: "transfers.csv", csv: fixture("transfers.csv") },
    });
    expect(imported.json()).toMatchObject({ rows: 6, added: 5, duplicates: 1 });
    const labels = await app.inject({
      method: "POST",
      url: "/chain/labels",
      payload: { file: "labels.csv", csv: fixture("labels.csv") },
    });
    expect(labels.json()).toMatchObject({ rows: 3, added: 3 });

    const traced = await app.inject({
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

    const saved = await app.inject({ method: "GET", url: `/chain/traces/${trace.id}` });
    expect(saved.json()).toEqual(trace);
    const graphml = await app.inject({
      method: "GET",
      url: `/chain/traces/${trace.id}/export?format=graphml`,
    });
    expect(graphml.body).toContain(`<node id="${Z}">`);
    const stix = await app.inject({
      method: "GET",
      url: `/chain/traces/${trace.id}/export?format=stix`,
    });
    expect(stix.json().objects.map((o: { pattern: string }) => o.pattern)).toContain(
      `[cryptocurrency-wallet:address = '${Z}']`,
    );
    const cytoscape = await app.inject({
      method: "GET",
      url: `/chain/traces/${trace.id}/export?format=cytoscape`,
    });
    expect(cytoscape.json().elements.edges.length).toBe(trace.edges.length);

    const page = await app.inject({ method: "GET", url: `/ui/chain?seeds=${S}&method=haircut` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<svg");
    expect(page.body).toContain("Exchange Z deposit");

    const exposure = await app.inject({
      method: "POST",
      url: "/chain/exposure",
      payload: { trace: trace.id, addresses: [Z], methods: ["haircut"] },
    });
    expect(exposure.json().rows).toEqual([
      expect.objectContaining({ method: "haircut", tainted: "5", share: "0.25" }),
    ]);
    const missing = await app.inject({
      method: "GET",
      url: "/chain/traces/trace-0000000000000000",
    });
    expect(missing.statusCode).toBe(404);
  });
});
