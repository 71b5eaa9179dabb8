import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUsers, type TestUser } from "../../access/testing.js";
import { loadDemoScenario, traceFunds } from "../../chain/index.js";
import {
  detectEvents,
  flagOfMmsi,
  generateScenario,
  importAis,
  listEvents,
  nameVessels,
  readIdentities,
  readTracks,
  storeEvents,
  writeDemo,
} from "../../maritime/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { buildServer } from "../server.js";
import type { App } from "../zod-schema.js";

interface Incident {
  readonly id: string;
  readonly typology: string;
  readonly status: string;
  readonly source_event: Record<string, unknown> | null;
  readonly evidence: readonly { readonly kind: string; readonly id: string }[];
}

/** Detector output promoted into casework: a maritime event and a chain trace become leads. */
describe.each(TEST_ENGINES)("promoting detections on %s", (engine) => {
  let store: TestStore;
  let app: App;
  let us: TestUser;
  let jp: TestUser;
  let encounterId: string;
  let traceId: string;
  beforeAll(async () => {
    store = await openTestStore(engine);
    const scenario = generateScenario({ vessels: 30, days: 4, seed: 11 });
    const files = await writeDemo(scenario, await mkdtemp(join(tmpdir(), "cordon-promote-")));
    await importAis(store.ctx, [files.positions]);
    const identities = await readIdentities(store.ctx);
    const events = await detectEvents(readTracks(store.ctx), identities, { flagOf: flagOfMmsi });
    await storeEvents(store.ctx, nameVessels(events, identities, flagOfMmsi), {
      kinds: ["encounter"],
      params: {},
    });
    const [encounter] = await listEvents(store.ctx, { kinds: ["encounter"] });
    if (encounter === undefined) throw new Error("the demo scenario planted no encounter");
    encounterId = encounter.id;
    const chain = await loadDemoScenario(store.ctx, { transfers: 3_000, addresses: 800, seed: 3 });
    traceId = (await traceFunds(store.ctx, { seeds: chain.seeds, method: "haircut", maxHops: 4 }))
      .id;
    [us, jp] = (await createTestUsers(store.ctx, [
      { username: "us-analyst", org: "us-delegation" },
      { username: "jp-analyst", org: "jp-delegation" },
    ])) as [TestUser, TestUser];
    app = await buildServer(store.ctx);
    await app.ready();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const incident = async (user: TestUser, id: string) =>
    app.inject({ url: `/casework/incidents/${id}`, headers: user.headers });

  it("opens a lead from an STS encounter, with the event kept as AIS evidence", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/casework/events/maritime/${encounterId}`,
      headers: us.headers,
      payload: {},
    });
    expect(res.statusCode).toBe(201);
    const lead = res.json() as Incident;
    expect(lead).toMatchObject({ typology: "refined_petroleum_sts", status: "lead" });
    expect(lead.source_event).toMatchObject({ source: "maritime", kind: "encounter" });
    const detail = (await incident(us, lead.id)).json() as Incident;
    expect(detail.evidence.map((e) => e.kind)).toEqual(["ais_track"]);
    // AMBER by default: the other delegation does not learn the lead exists.
    expect((await incident(jp, lead.id)).statusCode).toBe(404);
  });

  it("opens a laundering lead from a saved trace, with the trace as evidence", async () => {
    const res = await app.inject({
      method: "POST",
      url: `/casework/events/chain/${traceId}`,
      headers: us.headers,
      payload: { marking: { tlp: "AMBER", releasable_to: ["jp-delegation"] } },
    });
    expect(res.statusCode).toBe(201);
    const lead = res.json() as Incident;
    expect(lead).toMatchObject({ typology: "laundering", status: "lead" });
    const seen = (await incident(jp, lead.id)).json() as Incident;
    expect(seen.evidence.map((e) => e.kind)).toEqual(["transaction_trace"]);
  });

  it("answers not found for an unknown event and 401 without a login", async () => {
    const unknown = await app.inject({
      method: "POST",
      url: "/casework/events/maritime/mev-000000000000000000000000",
      headers: us.headers,
      payload: {},
    });
    expect(unknown.statusCode).toBe(404);
    const anonymous = await app.inject({
      method: "POST",
      url: `/casework/evidence/traces/${traceId}`,
      payload: {},
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
