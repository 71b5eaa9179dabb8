import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importList } from "../../lists/index.js";
import { findScreeningRequest } from "../../screening/index.js";
import { listAudit } from "../../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { buildServer } from "../server.js";
import type { App } from "../zod-schema.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../screening/fixtures/${name}`, import.meta.url));

/** A request as a yente client (e.g. the opensanctions Python client) sends it. */
const YENTE_REQUEST = {
  queries: {
    q1: {
      schema: "Person",
      properties: { name: ["Kim Jong-un"], birthDate: ["1984"], nationality: ["kp"] },
    },
    q2: { schema: "Vessel", properties: { imoNumber: "IMO 8660313" } },
  },
};

describe.each(TEST_ENGINES)("screening over HTTP on %s", (engine) => {
  let store: TestStore;
  let app: App;
  beforeAll(async () => {
    store = await openTestStore(engine, "api");
    await importList(store.ctx, { path: fixture("designations.ftm.jsonl"), dataset: "test_list" });
    app = await buildServer(store.ctx);
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("answers POST /match/default in yente's shape", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/match/default?threshold=0.7&limit=3",
      payload: YENTE_REQUEST,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(["limit", "matcher", "request_id", "responses"]);
    expect(body.limit).toBe(3);
    const q1 = body.responses.q1;
    expect(q1.status).toBe(200);
    expect(q1.total).toMatchObject({ relation: "eq" });
    expect(q1.query).toEqual({ schema: "Person", properties: YENTE_REQUEST.queries.q1.properties });
    expect(Object.keys(q1.results[0]).sort()).toEqual(
      [
        "caption",
        "datasets",
        "features",
        "first_seen",
        "id",
        "last_change",
        "last_seen",
        "match",
        "properties",
        "referents",
        "schema",
        "score",
        "target",
      ].sort(),
    );
    expect(q1.results[0]).toMatchObject({
      id: "t-kim-jong-un",
      match: true,
      datasets: ["test_list"],
    });
    expect(body.responses.q2.results[0]).toMatchObject({ id: "t-chon-ma-san", match: true });
    expect(body.responses.q2.query.properties).toEqual({ imoNumber: ["IMO 8660313"] });
    expect(Object.keys(body.matcher).length).toBeGreaterThan(0);
  });

  it("records every match request with its list versions and an audit entry", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/match/test_list",
      payload: YENTE_REQUEST,
    });
    const { request_id: id } = res.json();
    const row = await findScreeningRequest(store.db, id);
    expect(row).toMatchObject({
      actor: "api",
      dataset: "test_list",
      endpoint: "match/test_list",
      versions: { test_list: 1 },
    });
    const [entry] = await listAudit(store.db, 1);
    expect(entry).toMatchObject({ action: "screening.match", subject: `screening_request:${id}` });
  });

  it.each([
    [
      "no name and no identifier",
      { schema: "Person", properties: { nationality: ["kp"] } },
      "body.queries.q.properties",
    ],
    [
      "a 10,000-character name",
      { schema: "Person", properties: { name: ["x".repeat(10_000)] } },
      "body.queries.q.properties.name.0",
    ],
    [
      "an unknown schema",
      { schema: "Alien", properties: { name: ["Kim"] } },
      "body.queries.q.schema",
    ],
    [
      "an invalid date",
      { schema: "Person", properties: { name: ["Kim"], birthDate: ["1984-13-40"] } },
      "body.queries.q.properties.birthDate.0",
    ],
    [
      "a number for a name",
      { schema: "Person", properties: { name: [42] } },
      "body.queries.q.properties.name",
    ],
    [
      "an unknown property",
      { schema: "Person", properties: { name: ["Kim"], imoNumber: ["1"] } },
      "body.queries.q.properties.imoNumber",
    ],
  ])("refuses %s with 400 naming the field", async (_what, query, field) => {
    const res = await app.inject({
      method: "POST",
      url: "/match/default",
      payload: { queries: { q: query } },
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().issues as { field: string }[]).map((i) => i.field);
    expect(fields.some((f) => f.startsWith(field))).toBe(true);
  });

  it("screens a name from the page's form, explains each score and records it", async () => {
    const accept = { accept: "text/html" };
    const empty = await app.inject({ url: "/ui/screen", headers: accept });
    expect(empty.body).toContain('action="/ui/screen"');
    const page = await app.inject({
      url: "/ui/screen?name=Kim+Chong+Un&schema=Person&birthDate=1984&country=kp",
      headers: accept,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/entities/t-kim-jong-un"');
    expect(page.body).toContain("name_similarity");
    const id = /request <code>([0-9a-f-]+)<\/code>/.exec(page.body)?.[1] ?? "";
    expect(await findScreeningRequest(store.db, id)).toMatchObject({ actor: "api" });

    const bad = await app.inject({
      url: "/ui/screen?name=Kim&birthDate=1984-13-01",
      headers: accept,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("birthDate");
  });

  it("answers 404 for an unknown dataset and 400 for an unknown algorithm", async () => {
    const unknown = await app.inject({
      method: "POST",
      url: "/match/nope",
      payload: YENTE_REQUEST,
    });
    expect(unknown.statusCode).toBe(404);
    const algorithm = await app.inject({
      method: "POST",
      url: "/match/default?algorithm=logic-v9",
      payload: YENTE_REQUEST,
    });
    expect(algorithm.statusCode).toBe(400);
    expect(algorithm.json().issues[0].field).toBe("algorithm");
  });

  it("answers GET /search/default?q= in yente's shape", async () => {
    const res = await app.inject({ url: "/search/default?q=komid" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(["facets", "limit", "offset", "results", "total"]);
    expect(body.results[0]).toMatchObject({ id: "t-komid", schema: "Organization" });
  });

  it("lists the algorithms with their features", async () => {
    const body = (await app.inject({ url: "/algorithms" })).json();
    expect(body.default).toBe(body.algorithms[0].name);
    expect(body.best).toBe(body.default);
    const [feature] = Object.values(body.algorithms[0].features) as { coefficient: number }[];
    expect(typeof feature?.coefficient).toBe("number");
  });

  it("describes the screening routes in OpenAPI", async () => {
    const spec = (await app.inject({ url: "/openapi.json" })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(["/match/{dataset}", "/search/{dataset}", "/algorithms"]),
    );
  });
});
