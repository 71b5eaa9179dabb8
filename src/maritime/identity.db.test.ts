import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { readIdentities } from "./identity.js";
import { importAis } from "./import/index.js";

const HEADER =
  "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Length,Width,Draft";

describe.each(TEST_ENGINES)("vessel identity spans on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it("orders two identities sent in the same second by their fields, the same every time", async () => {
    // Two ships on one MMSI, both heard at 00:00:00, then one of them a minute later.
    const csv = join(mkdtempSync(join(tmpdir(), "cordon-identity-")), "same-second.csv");
    writeFileSync(
      csv,
      [
        HEADER,
        "445000001,2024-03-01T00:00:00,38.7,125.3,0.5,90,511,BETA,,,80,,,",
        "445000001,2024-03-01T00:00:00,39.9,124.1,0.5,90,511,ALPHA,,,80,,,",
        "445000001,2024-03-01T00:01:00,39.9,124.1,0.5,90,511,ALPHA,,,80,,,",
      ].join("\n"),
    );
    await importAis(store.ctx, [csv]);
    const spans = (await readIdentities(store.ctx, 445000001)).map((s) => [
      s.name,
      s.from - 1709251200,
      s.to - 1709251200,
    ]);
    expect(spans).toEqual([
      ["ALPHA", 0, 0],
      ["BETA", 0, 0],
      ["ALPHA", 60, 60],
    ]);
  });
});
