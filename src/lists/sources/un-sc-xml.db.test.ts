import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listVersions, statementsAt } from "../../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { importList } from "../import-list.js";
import { fixturePath } from "../testing.js";

describe.each(TEST_ENGINES)("importing the UN SC XML sample on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it("recognises the file, stores parties and sanctions, and keeps the list's date", async () => {
    const result = await importList(store.ctx, {
      path: fixturePath("demo/un_consolidated_sample.xml"),
    });
    expect(result).toMatchObject({
      dataset: "un_sc_sanctions",
      format: "un-sc-xml",
      publishedAt: "2026-02-27",
      records: 5,
      entities: 10,
      warningCount: 0,
    });
    const [version] = await listVersions(store.db, "un_sc_sanctions");
    expect(String(version?.published_at)).toContain("2026");
    const rows = await statementsAt(store.db, "un_sc_sanctions", 1, ["unsc-6908046"]);
    expect(rows.find((r) => r.prop === "imoNumber")?.value).toBe("IMO1790183");
  });
});
