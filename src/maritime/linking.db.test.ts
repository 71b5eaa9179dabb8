import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { importList } from "../lists/index.js";
import { openTestStore, TEST_ENGINES } from "../store/testing.js";
import { nameVessels } from "./events.js";
import { linkEvents, linkVessels } from "./linking.js";
import { AIS_DATA } from "./testing.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/linking.ftm.jsonl", import.meta.url));
const SDN = join(AIS_DATA, "..", "sanctions", "ofac", "sdn_2024-05-03.csv");
const T = Date.UTC(2024, 2, 3) / 1000;

for (const engine of TEST_ENGINES) {
  describe(`linking on ${engine}`, () => {
    it("links by IMO, by MMSI, by name, and flags a vessel owned by a designated company", async () => {
      const store = await openTestStore(engine);
      try {
        await importList(store.ctx, { path: FIXTURE, source: "ftm", dataset: "fixture" });
        const links = await linkVessels(store.ctx, [
          { mmsi: 445000001, imo: "8660313", name: "SONG HAE 7" },
          { mmsi: 352000009, imo: "9305049", name: null },
          { mmsi: 352123456, imo: null, name: null },
          { mmsi: 412000009, imo: null, name: "Chon Ma San" },
          { mmsi: 412000010, imo: "9999993", name: "CHON MA SAN" },
          { mmsi: 413000011, imo: null, name: "HAPPY FISHER" },
        ]);
        const get = (key: string) => links.get(key);
        expect(get("445000001|8660313|SONG HAE 7")).toMatchObject({
          entityId: "fx-vessel-listed",
          method: "imo",
          designated: true,
          designatedVia: null,
        });
        expect(get("352000009|9305049|")).toMatchObject({
          entityId: "fx-vessel-owned",
          method: "imo",
          designated: true,
          designatedVia: "fx-owner",
        });
        expect(get("352123456||")).toMatchObject({
          entityId: "fx-vessel-clean",
          method: "mmsi",
          designated: false,
        });
        expect(get("412000009||CHON MA SAN")).toMatchObject({
          entityId: "fx-vessel-listed",
          method: "name",
          designated: true,
        });
        // The name matches but the IMO numbers differ: another hull, no link.
        expect(get("412000010|9999993|CHON MA SAN")).toBeUndefined();
        expect(get("413000011||HAPPY FISHER")).toBeUndefined();

        const [event] = await linkEvents(
          store.ctx,
          nameVessels(
            [
              {
                kind: "encounter",
                vessels: [352000009, 413000011],
                start: T,
                end: T + 7200,
                lat: 38,
                lon: 124,
                details: {},
              },
            ],
            [
              {
                mmsi: 352000009,
                from: T - 10,
                to: T + 10,
                imo: "9305049",
                name: "SEA BREEZE 3",
                callsign: null,
                flag: "PA",
                shipType: 80,
                length: null,
                width: null,
                draught: null,
              },
            ],
            () => null,
          ),
        );
        expect(event?.flagged).toBe(true);
        expect(event?.named.map((v) => v.designated)).toEqual([true, false]);
      } finally {
        await store.close();
      }
    });
  });
}

describe("linking against the OFAC SDN list of 2024-05-03", () => {
  it("links the DPRK-linked vessels of the 2019 snapshot by IMO and finds them designated", async () => {
    const store = await openTestStore("pglite");
    try {
      await importList(store.ctx, { path: SDN, source: "us-ofac" });
      const rows = parse(
        readFileSync(
          join(AIS_DATA, "reference", "dprk_linked_vessels_ofac_sdn_snapshot.csv"),
          "utf8",
        ),
        {
          columns: true,
        },
      ) as Record<string, string>[];
      const vessels = rows
        .filter((r) => /^\d{7}$/.test(r.imo ?? ""))
        .map((r, i) => ({ mmsi: 445100000 + i, imo: r.imo ?? null, name: r.vessel_name ?? null }));
      expect(vessels.length).toBe(100);
      const links = await linkVessels(store.ctx, vessels);
      const byImo = [...links.values()].filter((l) => l.method === "imo");
      // Vessels delisted between 2019 and 2024 may be gone; nearly all remain designated.
      expect(byImo.length).toBeGreaterThanOrEqual(90);
      expect(byImo.every((l) => l.designated)).toBe(true);
    } finally {
      await store.close();
    }
  }, 300_000);
});
