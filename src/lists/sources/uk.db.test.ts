import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Invalid } from "../../model/index.js";
import { listVersions, statementsAt } from "../../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { importList } from "../import-list.js";
import { fixturePath } from "../testing.js";

describe.each(TEST_ENGINES)("importing the UK list on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it("stores the FCDO CSV as a version of gb_fcdo_sanctions, and refuses a bad file whole", async () => {
    const path = fixturePath("demo/uk_sanctions_list_sample.csv");
    const result = await importList(store.ctx, { path, source: "uk" });
    expect(result).toMatchObject({
      dataset: "gb_fcdo_sanctions",
      format: "uk-fcdo-csv",
      publishedAt: "2026-04-29",
      records: 3,
      entities: 6,
    });
    const rows = await statementsAt(store.db, "gb_fcdo_sanctions", 1, ["gb-fcdo-DPR0100"]);
    expect(rows.find((r) => r.prop === "imoNumber")?.value).toBe("IMO7408873");

    const bad = fixturePath("uk_sanctions_list_bad.csv");
    const error = await importList(store.ctx, { path: bad, source: "uk" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((await listVersions(store.db, "gb_fcdo_sanctions")).map((v) => v.version)).toEqual([1]);
  });
});
