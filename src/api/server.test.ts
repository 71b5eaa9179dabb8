import { writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importList } from "../lists/index.js";
import { fixturePath } from "../lists/testing.js";
import { Forbidden } from "../model/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { buildServer } from "./server.js";
import type { App } from "./zod-schema.js";

const HOSTILE = {
  id: "xss-1",
  schema: "Person",
  properties: { name: ['<script>alert("x")</script> Kim'], topics: ["sanction"] },
};

const OWNERSHIP = {
  id: "own-1",
  schema: "Ownership",
  properties: { owner: ["kp-org-1"], asset: ["kp-vessel-1"], role: ["Owned or Controlled By"] },
};

describe.each(TEST_ENGINES)("HTTP server on %s", (engine) => {
  let store: TestStore;
  let app: App;
  beforeAll(async () => {
    store = await openTestStore(engine);
    await importList(store.ctx, { path: fixturePath("entities.ftm.jsonl"), dataset: "demo" });
    const dir = await mkdtemp(join(tmpdir(), "cordon-api-"));
    writeFileSync(join(dir, "hostile.ftm.jsonl"), `${JSON.stringify(HOSTILE)}\n`);
    writeFileSync(join(dir, "links.ftm.jsonl"), `${JSON.stringify(OWNERSHIP)}\n`);
    await importList(store.ctx, { path: join(dir, "links.ftm.jsonl"), dataset: "links" });
    await importList(store.ctx, { path: join(dir, "hostile.ftm.jsonl"), dataset: "hostile" });
    app = await buildServer(store.ctx);
    app.get("/test/boom", async () => {
      throw new Error("secret detail at /srv/cordon");
    });
    app.get("/test/forbidden", async () => {
      throw new Forbidden("not_allowed", "analysts only");
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("serves an entity as FtM JSON with its sanction nested, as yente does", async () => {
    const res = await app.inject({ url: "/entities/kp-org-1" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: "kp-org-1",
      schema: "Organization",
      caption: "Korea Mining Development Trading Corporation",
      datasets: ["demo"],
    });
    expect(body.properties.alias).toEqual(["KOMID"]);
    expect(body.properties.sanctions).toHaveLength(1);
    expect(body.properties.sanctions[0]).toMatchObject({
      id: "kp-org-1-un",
      schema: "Sanction",
      properties: { program: ["DPRK"], authority: ["UN Security Council"] },
    });
    expect(body.statements).toBeUndefined();
  });

  it("adds every fact with its dataset and first/last seen when asked", async () => {
    const res = await app.inject({ url: "/entities/kp-org-1?statements=true" });
    const facts = res.json().statements as { prop: string; value: string; dataset: string }[];
    expect(facts).toContainEqual(
      expect.objectContaining({ prop: "alias", value: "KOMID", dataset: "demo", sinceVersion: 1 }),
    );
  });

  it("answers 404 with a JSON error for an unknown entity or route", async () => {
    const res = await app.inject({ url: "/entities/no-such-id" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.json()).toEqual({
      error: "entity_not_found",
      message: "no entity with id no-such-id",
    });
    const route = await app.inject({ url: "/nowhere" });
    expect(route.statusCode).toBe(404);
    expect(route.json()).toMatchObject({ error: "route_not_found" });
  });

  it("answers 400 naming the field for bad query parameters", async () => {
    const empty = await app.inject({ url: "/search?q=" });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      error: "invalid_request",
      issues: [expect.objectContaining({ field: "querystring.q" })],
    });
    const schema = await app.inject({ url: "/search?q=kim&schema=Starship" });
    expect(schema.statusCode).toBe(400);
    expect(schema.json().issues[0]).toMatchObject({
      field: "querystring.schema",
      message: "unknown FtM schema",
    });
  });

  it("answers 403 for Forbidden and 500 without leaking the error's detail", async () => {
    const res = await app.inject({ url: "/test/boom" });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: "internal_error", message: "internal server error" });
    expect(res.body).not.toContain("secret");
    const forbidden = await app.inject({ url: "/test/forbidden" });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toEqual({ error: "not_allowed", message: "analysts only" });
  });

  it("lists datasets with their versions and counts", async () => {
    const res = await app.inject({ url: "/datasets" });
    expect(res.statusCode).toBe(200);
    const demo = res.json().datasets.find((d: { name: string }) => d.name === "demo");
    expect(demo.versions).toHaveLength(1);
    expect(demo.versions[0]).toMatchObject({ version: 1, format: "ftm-jsonl", entity_count: 4 });
    expect(demo.versions[0].imported_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("searches names and identifiers, optionally by schema", async () => {
    const res = await app.inject({ url: "/search?q=komid" });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((e: { id: string }) => e.id)).toEqual(["kp-org-1"]);
    const vessels = await app.inject({ url: "/search?q=8660313&schema=Vessel" });
    expect(vessels.json().results.map((e: { id: string }) => e.id)).toEqual(["kp-vessel-1"]);
    const people = await app.inject({ url: "/search?q=8660313&schema=Person" });
    expect(people.json().results).toEqual([]);
  });

  it("reports health and version with the engine and the latest dataset versions", async () => {
    const health = await app.inject({ url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: "ok", engine });
    const version = await app.inject({ url: "/version" });
    expect(version.json()).toMatchObject({ name: "cordon", engine });
    expect(version.json().datasets).toContainEqual(
      expect.objectContaining({ name: "demo", version: 1 }),
    );
  });

  it("describes every JSON route in /openapi.json and serves /docs", async () => {
    const res = await app.inject({ url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/entities/{id}", "/search", "/datasets", "/healthz", "/version"]),
    );
    const search = doc.paths["/search"].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["q", "schema", "limit"]),
    );
    expect(doc.paths["/entities/{id}"].get.responses["404"]).toBeDefined();
    const docs = await app.inject({ url: "/docs" });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it("serves pages to browsers, escaping what the lists say", async () => {
    const accept = { accept: "text/html,application/xhtml+xml" };
    const home = await app.inject({ url: "/", headers: accept });
    expect(home.headers["content-type"]).toMatch(/text\/html/);
    expect(home.body).toContain('action="/search"');
    expect(home.body).toContain("<code>demo</code>");

    const page = await app.inject({ url: "/entities/xss-1", headers: accept });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Kim");
    expect(page.body).not.toContain("<script>alert");

    const found = await app.inject({ url: "/search?q=script", headers: accept });
    expect(found.body).toContain('href="/entities/xss-1"');
    expect(found.body).not.toContain("<script>");

    const org = await app.inject({ url: "/entities/kp-org-1", headers: accept });
    expect(org.body).toContain("UN Security Council");
    expect(org.body).toContain("DPRK");
    const client = { accept: "application/json, text/html;q=0.5" };
    const json = await app.inject({ url: "/entities/kp-org-1", headers: client });
    expect(json.headers["content-type"]).toMatch(/application\/json/);
    const forced = await app.inject({ url: "/entities/kp-org-1?format=json", headers: accept });
    expect(forced.json()).toMatchObject({ id: "kp-org-1" });
    // Through the Ownership, the vessel's page names its owner.
    const vessel = await app.inject({ url: "/entities/kp-vessel-1", headers: accept });
    expect(vessel.body).toMatch(
      /Owned or Controlled By<\/td>\s*<td><a href="\/entities\/kp-org-1">Korea Mining Development Trading Corporation<\/a>/,
    );
    const missing = await app.inject({ url: "/entities/nope", headers: accept });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/text\/html/);
  });
});
