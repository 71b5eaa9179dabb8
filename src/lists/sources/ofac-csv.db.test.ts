import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Invalid } from "../../model/index.js";
import { listVersions, statementsAt } from "../../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { importList } from "../import-list.js";
import { fixturePath } from "../testing.js";

describe.each(TEST_ENGINES)("importing OFAC's sdn.csv on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it("stores sdn.csv with its siblings as a version of us_ofac_sdn, and refuses a bad file whole", async () => {
    const result = await importList(store.ctx, {
      path: fixturePath("demo/sdn_2024-05-03_sample.csv"),
    });
    expect(result).toMatchObject({
      dataset: "us_ofac_sdn",
      format: "ofac-sdn-csv",
      records: 10,
      // 10 parties, 10 sanctions and 10 wallets.
      entities: 30,
      skipped: [],
    });
    const rows = await statementsAt(store.db, "us_ofac_sdn", 1, ["ofac-15603", "ofac-17069"]);
    expect(rows.find((r) => r.prop === "imoNumber")?.value).toBe("IMO7937317");
    expect(rows.find((r) => r.prop === "alias")?.value).toBe("MUYOK EUNHAENG");

    const bad = fixturePath("ofac_bad_imo.csv");
    const error = await importList(store.ctx, { path: bad, source: "us-ofac" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Invalid);
    expect((await listVersions(store.db, "us_ofac_sdn")).map((v) => v.version)).toEqual([1]);
  });
});
