import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statementsAt, verifyAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { diffVersions } from "./diff.js";
import { importList } from "./import-list.js";
import { sharedData } from "./testing.js";

const SDN_CSV = sharedData("sanctions/ofac/sdn_2024-05-03.csv");
const SDN_XML = sharedData("crypto/ofac_sdn_advanced_2025-11-19.xml.bz2");

/**
 * The analyst's question on real data: which DPRK designations did OFAC add between the
 * legacy CSV of May 2024 and the advanced XML of November 2025?
 */
describe.skipIf(SDN_CSV === undefined || SDN_XML === undefined).each(TEST_ENGINES)(
  "the OFAC SDN list from 2024-05-03 (CSV) to 2025-11-19 (advanced XML) on %s",
  (engine) => {
    let store: TestStore;
    beforeAll(async () => {
      store = await openTestStore(engine);
      await importList(store.ctx, { path: SDN_CSV ?? "" });
      await importList(store.ctx, { path: SDN_XML ?? "" });
    }, 240_000);
    afterAll(async () => {
      await store.close();
    });

    it("lists as added exactly the DPRK parties and wallets absent from the CSV", async () => {
      const diff = await diffVersions(store.ctx, { dataset: "us_ofac_sdn", program: "DPRK" });
      expect([diff.from.version, diff.to.version]).toEqual([1, 2]);
      expect(diff.to.published_at).toBe("2025-11-19");

      const before = new Set(
        (await statementsAt(store.db, "us_ofac_sdn", 1, undefined, ["id"])).map((r) => r.entity_id),
      );
      const after = await statementsAt(store.db, "us_ofac_sdn", 2, undefined, [
        "program",
        "entity",
        "holder",
      ]);
      const sanctionsByDprk = new Set(
        after
          .filter((r) => r.prop === "program" && r.value.includes("DPRK"))
          .map((r) => r.entity_id),
      );
      const dprkParties = new Set(
        after
          .filter((r) => r.prop === "entity" && sanctionsByDprk.has(r.entity_id))
          .map((r) => r.value),
      );
      const dprkWallets = after
        .filter((r) => r.prop === "holder" && dprkParties.has(r.value))
        .map((r) => r.entity_id);
      const expected = [...dprkParties, ...dprkWallets].filter((id) => !before.has(id)).sort();

      expect(diff.added.map((e) => e.id).sort()).toEqual(expected);
      expect(diff.added.length).toBeGreaterThan(40);
      expect(diff.added).toContainEqual(
        expect.objectContaining({ id: "ofac-56039", schema: "Person", programs: ["DPRK3"] }),
      );
      expect(diff.removed.every((e) => !dprkParties.has(e.id))).toBe(true);
    });

    it("reports a renamed alias or new identifier of a party listed in both as changed", async () => {
      const diff = await diffVersions(store.ctx, { dataset: "us_ofac_sdn", program: "DPRK" });
      const changed = diff.changed.find((e) => e.id === "ofac-12696"); // Bank of East Land
      expect(changed?.properties).toMatchObject({
        address: { added: expect.arrayContaining([expect.stringContaining("Pyongyang")]) },
      });
    });

    it("adds no facts when the same list is imported again, and keeps the audit chain", async () => {
      const again = await importList(store.ctx, { path: SDN_XML ?? "" });
      expect(again).toMatchObject({ version: 3, added: 0, removed: 0 });
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, entries: 3 });
    }, 240_000);
  },
);
