import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { importAis } from "./import/index.js";
import { readTracks } from "./positions.js";
import type { VesselTrack } from "./track.js";

const tmp = mkdtempSync(join(tmpdir(), "cordon-positions-"));
const HEADER =
  "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Length,Width,Draft";

/** A NOAA CSV of `rows` positions: [mmsi, minute, sog or "" for not available]. */
function writeCsv(name: string, rows: readonly [number, number, string][]): string {
  const path = join(tmp, name);
  const lines = rows.map(([mmsi, minute, sog]) => {
    const time = new Date(Date.UTC(2024, 2, 1) + minute * 60_000).toISOString().slice(0, 19);
    return `${mmsi},${time},38.${minute},125.${minute},${sog},90,511,,,,80,,,`;
  });
  writeFileSync(path, `${HEADER}\n${lines.join("\n")}\n`);
  return path;
}

async function summarize(store: TestStore): Promise<[number, number[], number[]][]> {
  const out: [number, number[], number[]][] = [];
  for await (const track of readTracks(store.ctx) as AsyncIterable<VesselTrack>)
    out.push([
      track.mmsi,
      Array.from(track.time, (t) => (t - Date.UTC(2024, 2, 1) / 1000) / 60),
      Array.from(track.sog),
    ]);
  return out;
}

describe.each(TEST_ENGINES)("readTracks (%s)", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it("reads one import in storage order: vessels once each, times ascending, NULL speed as NaN", async () => {
    // Rows out of order in the file: the import stores them sorted.
    const rows: [number, number, string][] = [];
    for (let minute = 2999; minute >= 0; minute--)
      for (const mmsi of [445000002, 445000001])
        rows.push([mmsi, minute, minute % 700 === 0 ? "" : "1.5"]);
    await importAis(store.ctx, [writeCsv("one.csv", rows)]);
    const tracks = await summarize(store);
    expect(tracks.map(([mmsi]) => mmsi)).toEqual([445000001, 445000002]);
    for (const [, minutes, sog] of tracks) {
      expect(minutes).toEqual(Array.from({ length: 3000 }, (_, i) => i));
      expect(sog.filter((s) => Number.isNaN(s))).toHaveLength(5);
      expect(Number.isNaN(sog[700])).toBe(true);
      expect(sog[701]).toBe(1.5);
    }
  });

  it("sorts when a second import interleaves with the first", async () => {
    await importAis(store.ctx, [
      writeCsv("a.csv", [
        [445000003, 10, "1"],
        [445000001, 30, "1"],
      ]),
    ]);
    await importAis(store.ctx, [
      writeCsv("b.csv", [
        [445000001, 20, "1"],
        [445000002, 5, "1"],
        [445000003, 1, "1"],
      ]),
    ]);
    const tracks = await summarize(store);
    expect(tracks.map(([mmsi, minutes]) => [mmsi, minutes])).toEqual([
      [445000001, [20, 30]],
      [445000002, [5]],
      [445000003, [1, 10]],
    ]);
  });
});
