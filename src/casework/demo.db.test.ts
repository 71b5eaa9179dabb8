import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getUser, TEST_COST, toPrincipal } from "../access/index.js";
import { verifyAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { seedCaseworkDemo } from "./demo.js";
import { getIncident, listEvidence, listIncidents } from "./index.js";

describe.each(TEST_ENGINES)("the casework demo on %s", (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it("seeds an STS case and a crypto laundering case once, each reader seeing their share", async () => {
    expect(await seedCaseworkDemo(store.ctx, { cost: TEST_COST })).toEqual({
      created: true,
      incidents: 2,
      evidence: 8,
    });
    expect(await seedCaseworkDemo(store.ctx, { cost: TEST_COST })).toMatchObject({
      created: false,
    });
    const as = async (name: string) => toPrincipal(await getUser(store.ctx, name));
    const coordinator = await as("coordinator");
    const incidents = await listIncidents(store.ctx, coordinator);
    expect(incidents.map((i) => [i.typology, i.status]).sort()).toEqual([
      ["laundering", "investigating"],
      ["refined_petroleum_sts", "substantiated"],
    ]);
    const sts = incidents.find((i) => i.typology === "refined_petroleum_sts");
    const detail = await getIncident(store.ctx, coordinator, sts?.id ?? "");
    expect(detail.corroboration.satisfied).toBe(true);
    expect(detail.reviews.map((r) => r.verdict)).toEqual(["agree", "challenge"]);
    expect(detail.evidence).toHaveLength(5); // four submitted, one the RFI reply
    const jp = await getIncident(store.ctx, await as("jp-analyst"), sts?.id ?? "");
    expect([jp.evidence.length, jp.withheld_evidence]).toEqual([4, 1]); // the RED source report
    // A contributor sees the public and community material only.
    const osint = (await listEvidence(store.ctx, await as("osint-contributor"))).map(
      (e) => e.marking.tlp,
    );
    expect(new Set(osint)).toEqual(new Set(["CLEAR", "GREEN"]));
    expect(await listIncidents(store.ctx, await as("osint-contributor"))).toEqual([]);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
  }, 120_000);
});
