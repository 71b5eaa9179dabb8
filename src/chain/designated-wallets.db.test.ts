import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importList } from "../lists/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { normalizeAddress } from "./address.js";
import { loadDesignatedWallets } from "./designated-wallets.js";

/** Real data beside the checkout; a missing file fails the test (CI has it). */
function shared(path: string): string {
  const full = fileURLToPath(new URL(`../../../shared/data/crypto/${path}`, import.meta.url));
  if (!existsSync(full)) throw new Error(`missing real data ${full}`);
  return full;
}

const key = (address: string) => {
  const normal = normalizeAddress(address);
  return typeof normal === "string" ? address.trim() : normal.key;
};

describe.each(TEST_ENGINES)("designated wallets from the OFAC list on %s", (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
    await importList(store.ctx, {
      source: "us-ofac",
      path: shared("ofac_sdn_advanced_2025-11-19.xml.bz2"),
      skipInvalid: true,
    });
  }, 300_000);
  afterAll(async () => {
    await store.close();
  });

  it("labels every DPRK digital-currency address of the list with its holder and programme", async () => {
    const labels = await loadDesignatedWallets(store.ctx);
    const rows = parse(readFileSync(shared("ofac_sdn_digital_currency_addresses_2025-11-19.csv")), {
      columns: true,
    }) as Record<string, string>[];
    const dprk = rows.filter(
      (r) => (r.dprk_program ?? "") !== "" && r.dprk_program !== "0" && r.dprk_program !== "False",
    );
    expect(dprk.length).toBeGreaterThan(100);
    const byAddress = new Map(labels.map((l) => [l.address, l]));
    for (const row of dprk) {
      const label = byAddress.get(key(row.address ?? ""));
      expect(label?.category, row.address).toBe("designated");
      // The CSV's primary name and the XML's caption differ in form ("Tian Yinyin 田 寅寅", "Tian, Yinyin"): the first word agrees.
      const first = (row.sdn_name ?? "").split(/[\s,]+/)[0]?.toLowerCase() ?? "";
      expect(label?.label.toLowerCase()).toContain(first);
      expect(label?.label).toMatch(/DPRK/);
    }
    expect(new Set(labels.map((l) => l.address)).size).toBe(
      new Set(rows.map((r) => key(r.address ?? ""))).size,
    );
  });
});
