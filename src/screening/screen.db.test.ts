import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importList } from "../lists/index.js";
import { Invalid, NotFound } from "../model/index.js";
import { verifyAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { candidateIndex, refreshCandidateIndex } from "./index-store.js";
import { findScreeningRequest } from "./queries.js";
import { parseQuery } from "./schema.js";
import { screenAndRecord, screenBatch, screenEntity, searchIndex } from "./screen.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe.each(TEST_ENGINES)("screening on %s", (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine, "analyst");
    await importList(store.ctx, { path: fixture("designations.ftm.jsonl"), dataset: "test_list" });
    await importList(store.ctx, { path: fixture("casework.ftm.jsonl"), dataset: "test_case" });
  }, 60_000);
  afterAll(async () => {
    await store.close();
  });

  it("indexes every designatable entity of every dataset, and no sanction", async () => {
    const index = await candidateIndex(store.ctx);
    expect(index.versions()).toEqual({ test_case: 1, test_list: 1 });
    expect(index.size).toBe(10);
    expect(index.entity("t-sanction-kim")).toBeUndefined();
  });

  it("finds a DPRK name spelled another way, best first, with its features", async () => {
    const query = parseQuery({
      schema: "Person",
      properties: { name: "Kim Jong-un", birthDate: "1984-01-08", nationality: "kp" },
    });
    const response = await screenEntity(store.ctx, query);
    expect(response.status).toBe(200);
    // The namesake in the casework dataset is found too; qualifiers (birth date, nationality)
    // decide between them, which is the algorithm's business, not retrieval's.
    const best = response.results.find((r) => r.id === "t-kim-jong-un");
    expect(response.results.slice(0, 2).map((r) => r.id)).toContain("t-kim-jong-un");
    expect(best).toMatchObject({
      id: "t-kim-jong-un",
      schema: "Person",
      datasets: ["test_list"],
      match: true,
      target: true,
    });
    expect(best?.properties.birthDate).toEqual(["1984-01-08"]);
    expect(Object.keys(best?.features ?? {}).length).toBeGreaterThan(0);
    expect(response.total.value).toBeGreaterThanOrEqual(response.results.length);
    expect(response.results.map((r) => r.id)).not.toContain("t-chon-ma-san");
  });

  it("matches an identifier alone and limits to one dataset", async () => {
    const vessel = await screenEntity(
      store.ctx,
      parseQuery({ schema: "Vessel", properties: { imoNumber: ["8660313"] } }),
      { dataset: "test_list" },
    );
    expect(vessel.results[0]?.id).toBe("t-chon-ma-san");
    const wallet = await screenEntity(
      store.ctx,
      parseQuery({
        schema: "CryptoWallet",
        properties: { publicKey: "0x098b716b8aaf21512996dc57eb0615e2383e2f96" },
      }),
    );
    expect(wallet.results[0]?.id).toBe("t-lazarus-wallet");
    const casework = await screenEntity(
      store.ctx,
      parseQuery({ schema: "Person", properties: { name: "Kim Jong Un" } }),
      { dataset: "test_case" },
    );
    expect(casework.results.map((r) => r.id)).toEqual(["case-kim-jong-un-namesake"]);
  });

  it("refuses an unknown dataset and algorithm", async () => {
    const query = parseQuery({ schema: "Person", properties: { name: "Kim" } });
    await expect(screenEntity(store.ctx, query, { dataset: "nope" })).rejects.toThrow(NotFound);
    await expect(screenEntity(store.ctx, query, { algorithm: "nope" })).rejects.toThrow(Invalid);
  });

  it("screens a batch and searches by text", async () => {
    const batch = await screenBatch(store.ctx, {
      a: parseQuery({ schema: "Organization", properties: { name: "KOMID" } }),
      b: parseQuery({ schema: "Person", properties: { name: "Ri Pyong-chol" } }),
    });
    expect(batch.responses.a?.results[0]?.id).toBe("t-komid");
    expect(batch.responses.b?.results[0]?.id).toBe("t-ri-pyong-chol");
    const search = await searchIndex(store.ctx, "lazarus");
    expect(search.results.map((r) => r.id)).toContain("t-lazarus");
    const byPassport = await searchIndex(store.ctx, "PD745130117");
    expect(byPassport.results[0]?.id).toBe("t-ri-pyong-chol");
  });

  it("records a request with its list versions in the same transaction as its audit entry", async () => {
    const recorded = await screenAndRecord(
      store.ctx,
      { q1: parseQuery({ schema: "Person", properties: { name: ["Kim Jong Un"] } }) },
      { client: "203.0.113.5" },
    );
    const row = await findScreeningRequest(store.db, recorded.requestId);
    expect(row).toMatchObject({
      actor: "analyst",
      client: "203.0.113.5",
      dataset: "default",
      versions: { test_list: 1, test_case: 1 },
    });
    expect(row?.query).toEqual({ q1: { schema: "Person", properties: { name: ["Kim Jong Un"] } } });
    const results = row?.results as Record<string, { results: { id: string }[] }>;
    expect(results.q1?.results.map((r) => r.id)).toEqual(
      recorded.responses.q1?.results.map((r) => r.id),
    );
    const verdict = await verifyAudit(store.db);
    expect(verdict.ok).toBe(true);
  });

  it("rebuilds only the dataset that has a new version", async () => {
    await candidateIndex(store.ctx);
    await importList(store.ctx, {
      path: fixture("designations-v2.ftm.jsonl"),
      dataset: "test_list",
    });
    const report = await refreshCandidateIndex(store.ctx);
    expect(report.rebuilt).toEqual({ test_list: 2 });
    const gone = await screenEntity(
      store.ctx,
      parseQuery({ schema: "Person", properties: { name: "Pak Chol Su" } }),
      { dataset: "test_list" },
    );
    expect(gone.results.map((r) => r.id)).not.toContain("t-pak-chol-su");
    const added = await screenEntity(
      store.ctx,
      parseQuery({ schema: "Person", properties: { name: "Choe Son-hui" } }),
    );
    expect(added.results[0]?.id).toBe("t-choe-son-hui");
    expect((await refreshCandidateIndex(store.ctx)).rebuilt).toEqual({});
  });
});
