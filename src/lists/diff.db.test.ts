import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { diffVersions } from "./diff.js";
import { importList } from "./import-list.js";
import { fixturePath } from "./testing.js";

describe.each(TEST_ENGINES)("diffVersions on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
    await importList(store.ctx, { path: fixturePath("diff-v1.ftm.jsonl"), dataset: "list" });
    await importList(store.ctx, { path: fixturePath("diff-v2.ftm.jsonl"), dataset: "list" });
  });
  afterEach(async () => {
    await store.close();
  });

  it("lists designations added, removed and changed, with the properties that changed", async () => {
    const diff = await diffVersions(store.ctx, { dataset: "list" });
    expect(diff.from.version).toBe(1);
    expect(diff.to.version).toBe(2);
    // Sorted by caption: a wallet's caption is its address.
    expect(diff.added.map((e) => [e.id, e.caption])).toEqual([
      ["w-1", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"],
      ["x-2", "Juan Perez"],
    ]);
    expect(diff.removed.map((e) => e.id)).toEqual(["v-1"]);
    const changed = Object.fromEntries(diff.changed.map((e) => [e.id, e.properties]));
    expect(changed["p-1"]).toEqual({
      alias: { added: ["Ri Pyong-chol"], removed: ["Ri Byong Chol"] },
    });
    expect(changed["o-1"]).toEqual({
      "Sanction:listingDate": { added: ["2010-08-31"], removed: ["2010-08-30"] },
    });
    expect(changed["x-1"]).toEqual({ alias: { added: ["BNC"], removed: [] } });
  });

  it("keeps only designations under a program when asked", async () => {
    const diff = await diffVersions(store.ctx, { dataset: "list", program: "dprk" });
    expect(diff.added.map((e) => e.id)).toEqual(["w-1"]);
    expect(diff.removed.map((e) => e.id)).toEqual(["v-1"]);
    expect(diff.changed.map((e) => e.id).sort()).toEqual(["o-1", "p-1"]);
  });

  it("compares any two versions in either direction and refuses ones that do not exist", async () => {
    const backwards = await diffVersions(store.ctx, { dataset: "list", from: 2, to: 1 });
    expect(backwards.added.map((e) => e.id)).toEqual(["v-1"]);
    await expect(diffVersions(store.ctx, { dataset: "list", from: 1, to: 7 })).rejects.toThrow(
      "dataset list has no version 7",
    );
    await expect(diffVersions(store.ctx, { dataset: "nothing" })).rejects.toThrow(
      "has no versions",
    );
  });
});
