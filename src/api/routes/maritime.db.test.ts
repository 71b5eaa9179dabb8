import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../access/testing.js";
import {
  detectEvents,
  flagOfMmsi,
  generateScenario,
  importAis,
  nameVessels,
  readIdentities,
  readTracks,
  type Scenario,
  storeEvents,
  writeDemo,
} from "../../maritime/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { buildServer } from "../server.js";
import type { App } from "../zod-schema.js";

describe.each(TEST_ENGINES)("maritime routes on %s", (engine) => {
  let store: TestStore;
  let app: App;
  let scenario: Scenario;
  let member: TestUser;
  /** A request as a signed-in analyst. */
  const asMember = (request: { url: string; headers?: Record<string, string> }) =>
    app.inject({ ...request, headers: { ...member.headers, ...request.headers } });
  beforeAll(async () => {
    store = await openTestStore(engine);
    scenario = generateScenario({ vessels: 40, days: 4, seed: 5 });
    const files = await writeDemo(scenario, await mkdtemp(join(tmpdir(), "cordon-maritime-")));
    await importAis(store.ctx, [files.positions]);
    const identities = await readIdentities(store.ctx);
    const events = await detectEvents(readTracks(store.ctx), identities, { flagOf: flagOfMmsi });
    await storeEvents(store.ctx, nameVessels(events, identities, flagOfMmsi), {
      kinds: ["encounter"],
      params: {},
    });
    member = await createTestUser(store.ctx, { username: "maritime-analyst", org: "us" });
    app = await buildServer(store.ctx);
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("lists events filtered by kind, each naming its vessels", async () => {
    const res = await asMember({ url: "/maritime/events?kind=encounter,port-call" });
    expect(res.statusCode).toBe(200);
    const { events } = res.json() as {
      events: {
        kind: string;
        named: { mmsi: string; name: string }[];
        details: Record<string, unknown>;
      }[];
    };
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(["encounter", "port-call"]));
    const encounter = events.find((e) => e.kind === "encounter");
    const planted = scenario.planted.find((p) => p.kind === "encounter");
    expect(encounter?.named.map((v) => v.mmsi).sort()).toEqual(planted?.vessels.map(String).sort());
    expect(encounter?.named.every((v) => typeof v.name === "string")).toBe(true);
    expect(events.some((e) => e.details.port === "NAMPO")).toBe(true);
  });

  it("answers 400 naming a bad kind", async () => {
    const res = await asMember({ url: "/maritime/events?kind=teleport" });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain("querystring.kind");
  });

  it("serves one event, and 404 for an unknown one", async () => {
    const list = (await asMember({ url: "/maritime/events?limit=1" })).json() as {
      events: { id: string }[];
    };
    const id = list.events[0]?.id ?? "";
    expect((await asMember({ url: `/maritime/events/${id}` })).json().id).toBe(id);
    expect((await asMember({ url: "/maritime/events/mev-none" })).statusCode).toBe(404);
  });

  it("serves a vessel's track as GeoJSON with its events, by MMSI and by IMO", async () => {
    const tanker = scenario.vessels.find((v) => v.role === "sts-dprk");
    if (tanker === undefined) throw new Error("no tanker in the scenario");
    const res = await asMember({ url: `/maritime/vessels/${tanker.mmsi}/track?max_points=500` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      type: string;
      features: { geometry: { type: string } | null; properties: Record<string, unknown> }[];
    };
    expect(body.type).toBe("FeatureCollection");
    const line = body.features.find((f) => f.geometry?.type === "MultiLineString");
    expect(line?.properties.mmsi).toBe(String(tanker.mmsi));
    expect(
      body.features.some((f) => f.geometry?.type === "Point" && f.properties.kind === "encounter"),
    ).toBe(true);
    const byImo = await asMember({ url: `/maritime/vessels/${tanker.imo}/track` });
    expect(byImo.statusCode).toBe(200);
    expect((await asMember({ url: "/maritime/vessels/999999999/track" })).statusCode).toBe(404);
    expect((await asMember({ url: "/maritime/vessels/abc/track" })).statusCode).toBe(400);
  });

  it("draws the track as SVG for a browser, and lists events on a page", async () => {
    const tanker = scenario.vessels.find((v) => v.role === "sts-dprk");
    const page = await asMember({
      url: `/maritime/vessels/${tanker?.mmsi}/track`,
      headers: { accept: "text/html" },
    });
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("<svg");
    expect(page.body).toContain("<polyline");
    expect(page.body).toContain("NAMPO");
    const list = await asMember({ url: "/maritime/events?format=html" });
    expect(list.body).toContain("Maritime events");
    expect(list.body).toContain(tanker?.name ?? "?");
  });

  it("answers 401 to a caller who is not signed in, and sends a browser to the login page", async () => {
    for (const url of [
      "/maritime/events",
      "/maritime/events/mev-none",
      "/maritime/vessels/123456789/track",
    ])
      expect((await app.inject({ url })).statusCode).toBe(401);
    const page = await app.inject({ url: "/ui/maritime", headers: { accept: "text/html" } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/ui/login?next=%2Fui%2Fmaritime");
  });

  it("describes the routes in OpenAPI", async () => {
    const spec = (await app.inject({ url: "/openapi.json" })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(["/maritime/events", "/maritime/vessels/{id}/track"]),
    );
  });
});
