import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { importAis, readIdentities, readTracks } from "../index.js";
import type { VesselTrack } from "../track.js";

const tmp = mkdtempSync(join(tmpdir(), "cordon-csv-"));
const HEADER =
  "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass";
const NBSP = "\u00a0";

function writeCsv(name: string, rows: readonly string[], header = HEADER): string {
  const path = join(tmp, name);
  writeFileSync(path, `${[header, ...rows].join("\n")}\n`);
  return path;
}

async function collect(iterable: AsyncIterable<VesselTrack>): Promise<VesselTrack[]> {
  const tracks: VesselTrack[] = [];
  for await (const track of iterable) tracks.push(track);
  return tracks;
}

const ship = (mmsi: number, time: string, name: string, lat = "40.0") =>
  `${mmsi},${time},${lat},-70.0,1.0,10.0,20,${name},IMO9000001,CALL1,70,0,100,20,5.0,70,A`;

/** Line 2 onwards: one case of each refusal, with its line noted. */
const ROWS = [
  ship(367000001, "2024-03-01T00:00:00", "SHIP A"), // 2
  ship(367000001, "2024-03-01T00:01:00", "SHIP A", "40.1"), // 3
  ship(367000001, "2024-03-01T00:01:00", "SHIP A", "40.2"), // 4: duplicate of 3
  "abc,2024-03-01T00:02:00,40.0,-70.0,1.0,10.0,20,X,,,,,,,,,", // 5: bad MMSI
  '367000002,2024-03-01T00:02:00+02:00,41.0,-71.0,102.3,400,511,"NAME, WITH COMMA", IMO9000002 ,CALL2,80,0,50,10,3,80,A', // 6
  '367000002,1709251500,41.0,-71.0,5,5,5,"NAME, WITH COMMA",IMO9000002,CALL2,80,0,50,10,3,80,A', // 7: epoch seconds
  "367000002,1709251600000,41.0,-71.0,5,5,5,Unknown,IMO0,CALL2,80,0,50,10,3,80,A", // 8: epoch ms
  "367000002,garbage,41.0,-71.0,5,5,5,NEW NAME,IMO9000002,CALL2,80,0,50,10,3,80,A", // 9: bad time
  `367000002,${NBSP}2024-03-01T01:00:00,${NBSP}41.5, -71.5 ,${NBSP}5, 7 ,x,NEW NAME,IMO9000002,CALL2,80,0,50,10,3,80,A`, // 10
  "367000002,2024-03-01T01:05:00,91,181,5,5,5,NEW NAME,IMO9000002,CALL2,80,0,50,10,3,80,A", // 11
  "367000002,2024-03-01T01:06:00,95,10,5,5,5,NEW NAME,IMO9000002,CALL2,80,0,50,10,3,80,A", // 12
  "367000002,2024-03-01T01:07:00,NaN,10,5,5,5,NEW NAME,IMO9000002,CALL2,80,0,50,10,3,80,A", // 13
  "367000002,1970-01-01T00:00:00,10,10,5,5,5,OLD,IMO9000002,CALL2,80,0,50,10,3,80,A", // 14
  ship(367000001, "2024-02-28T00:00:00", "SHIP A", "39.0"), // 15: earlier, out of file order
];

describe.each(TEST_ENGINES)("CSV import (%s)", (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it("counts each refusal with the line it was first seen on, and keeps the first of two equal positions", async () => {
    const summary = await importAis(store.ctx, [writeCsv("refusals.csv", ROWS)]);
    expect(summary.files[0]?.rejected).toEqual({
      duplicate: { count: 1, firstLine: 4 },
      bad_mmsi: { count: 1, firstLine: 5 },
      bad_timestamp: { count: 2, firstLine: 9 },
      position_unavailable: { count: 1, firstLine: 11 },
      impossible_coordinates: { count: 1, firstLine: 12 },
      bad_value: { count: 1, firstLine: 13 },
    });
    expect(summary.positions).toBe(7);
    const tracks = await collect(readTracks(store.ctx, { mmsi: [367000001, 367000002] }));
    const [one, two] = tracks;
    expect(Array.from(one?.lat ?? [])).toEqual([39, 40, 40.1]);
    // An offset is honoured; epoch seconds and milliseconds are read; blanks (a no-break
    // space too) are trimmed; unavailable speed, course and heading are NaN.
    expect(Array.from(two?.time ?? [])).toEqual([1709244120, 1709251500, 1709251600, 1709254800]);
    expect(Array.from(two?.lat ?? [])).toEqual([41, 41, 41, 41.5]);
    expect(Number.isNaN(two?.sog[0])).toBe(true);
    expect(two?.cog[3]).toBe(7);
    expect(Number.isNaN(two?.heading[3])).toBe(true);
    const names = (await readIdentities(store.ctx, 367000002)).map((i) => [i.name, i.imo]);
    expect(names).toEqual([
      ["NAME, WITH COMMA", "9000002"],
      ["NEW NAME", "9000002"],
    ]);
  });

  it("refuses positions stored already, first line of each counted", async () => {
    const again = writeCsv("again.csv", [
      ship(367000009, "2024-03-02T00:00:00", "OTHER"), // 2: new
      ship(367000001, "2024-03-01T00:01:00", "SHIP A"), // 3: stored
      ship(367000001, "2024-03-02T00:00:00", "SHIP A"), // 4: new
      ship(367000001, "2024-03-02T00:00:00", "SHIP A"), // 5: repeated in the file
    ]);
    const summary = await importAis(store.ctx, [again]);
    expect(summary.files[0]?.rejected).toEqual({ duplicate: { count: 2, firstLine: 3 } });
    expect(summary.positions).toBe(2);
  });

  it("reads the static columns of a generic CSV whatever their names", async () => {
    const file = writeCsv(
      "generic.csv",
      ["1234567,2024-03-01T00:00:00,1,2,Alpha,10", "1234567,2024-03-01T00:05:00,1,2,Beta,11"],
      "id,time,latitude,longitude,first,valid",
    );
    const summary = await importAis(store.ctx, [file], {
      mapping: { name: "first", length: "valid" },
    });
    expect(summary.positions).toBe(2);
    const spans = await readIdentities(store.ctx, 1234567);
    expect(spans.map((s) => [s.name, s.length, s.from])).toEqual([
      ["Alpha", 10, 1709251200],
      ["Beta", 11, 1709251500],
    ]);
  });
});
