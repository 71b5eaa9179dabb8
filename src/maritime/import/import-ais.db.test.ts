import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Invalid } from "../../model/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { decodeNmea } from "../ais/index.js";
import {
  armour,
  positionReportBits,
  sentence,
  sentences,
  staticVoyageBits,
} from "../ais/testing.js";
import { countPositions, identityAt, importAis, readIdentities, readTracks } from "../index.js";
import type { VesselTrack } from "../track.js";

const DATA = fileURLToPath(new URL("../../../../shared/data/ais/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const DMA_STREAM = join(DATA, "nmea", "dma_aisabnormal_sample_2013-11-12.nmea.gz");
const NOAA = join(DATA, "positions", "aisdb_test_data_noaa_20230101.csv");
const SUEZ = join(DATA, "positions", "movingpandas_boat_positions_suez_2021-03.csv");
const DMA_CSV = join(FIXTURES, "dma_constructed.csv");

const T0 = Date.UTC(2024, 2, 1) / 1000;
const tmp = mkdtempSync(join(tmpdir(), "cordon-ais-"));

function writeTemp(name: string, content: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

async function collect(iterable: AsyncIterable<VesselTrack>): Promise<VesselTrack[]> {
  const tracks: VesselTrack[] = [];
  for await (const track of iterable) tracks.push(track);
  return tracks;
}

/** A log with one case of each bad input beside three good positions and a type 5. */
function constructedLog(): string[] {
  const at = (lat: number, lon: number, second: number) =>
    positionReportBits({ mmsi: 445123000, lat, lon, second });
  const one = (bits: string, time?: number) => sentences(bits, time)[0] ?? "";
  const good = one(at(38.7, 125.3, 0), T0);
  const { payload } = armour(at(38.71, 125.31, 5));
  return [
    good,
    one(at(38.71, 125.31, 5), T0 + 60),
    one(at(38.71, 125.31, 5), T0 + 70), // the same transmission from another receiver: duplicate
    one(at(38.72, 125.32, 10), T0 + 120),
    one(at(38.6, 125.2, 20), T0 - 1000), // 18 minutes before the vessel's last: out of order
    one(positionReportBits({ mmsi: 445123000, lat: 91, lon: 181 }), T0 + 180), // not available
    one(positionReportBits({ mmsi: 445123000, lat: 95, lon: 125 }), T0 + 190), // impossible
    `${good.slice(0, -2)}FF`, // bad checksum
    sentence(payload.slice(0, 10), 0, { total: 2, part: 2, sequence: "7", time: T0 }), // orphan
    one(at(38.73, 125.33, 30)), // no receive time
    ...sentences(
      staticVoyageBits({
        mmsi: 445123000,
        imo: 8712362,
        callsign: "HMYG",
        name: "CHON MYONG 1",
        shipType: 80,
        draught: 5.8,
      }),
      T0 + 200,
    ),
  ];
}

describe.each(TEST_ENGINES)("importAis (%s)", (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it("counts each kind of bad NMEA input by reason and stores only the good positions", async () => {
    const file = writeTemp("constructed.nmea", `${constructedLog().join("\r\n")}\r\n`);
    const summary = await importAis(store.ctx, [file]);
    const counts = Object.fromEntries(
      Object.entries(summary.files[0]?.rejected ?? {}).map(([r, e]) => [r, e?.count]),
    );
    expect(counts).toEqual({
      duplicate: 1,
      out_of_order: 1,
      position_unavailable: 1,
      impossible_coordinates: 1,
      bad_checksum: 1,
      orphan_fragment: 1,
      no_timestamp: 1,
    });
    expect(summary.files[0]?.rejected.out_of_order?.firstLine).toBe(5);
    expect(summary.positions).toBe(3);
    const [track] = await collect(readTracks(store.ctx, { mmsi: [445123000] }));
    expect(Array.from(track?.time ?? [])).toEqual([T0, T0 + 60, T0 + 120]);
    const identity = await identityAt(store.ctx, 445123000, T0 + 300);
    expect(identity).toMatchObject({
      imo: "8712362",
      name: "CHON MYONG 1",
      flag: "KP",
      shipType: 80,
    });
    expect(identity).toMatchObject({ length: 120, width: 22, draught: 5.8 });
  });

  it("imports the DMA stream sample: every position message with a usable position, time-ordered tracks", async () => {
    let expected = 0;
    const lines = gunzipSync(readFileSync(DMA_STREAM)).toString("latin1").split("\n");
    for await (const item of decodeNmea(lines)) {
      if (item.kind !== "message" || ![1, 2, 3, 18, 19, 27].includes(item.message.id)) continue;
      const m = item.message as unknown as { lat: number; lon: number };
      if (m.lat !== 91 && m.lon !== 181) expected++;
    }
    const before = await countPositions(store.ctx);
    const summary = await importAis(store.ctx, [DMA_STREAM]);
    const file = summary.files[0];
    expect(file?.format).toBe("nmea");
    expect(summary.positions + (file?.rejected.duplicate?.count ?? 0)).toBe(expected);
    expect((await countPositions(store.ctx)).positions).toBe(before.positions + summary.positions);
    let positions = 0;
    for await (const track of readTracks(store.ctx, { from: 1384257600, to: 1384257900 })) {
      positions += track.time.length;
      for (let i = 1; i < track.time.length; i++)
        expect(track.time[i]).toBeGreaterThan(track.time[i - 1] ?? 0);
      for (const lat of track.lat) expect(Math.abs(lat)).toBeLessThanOrEqual(90);
    }
    expect(positions).toBe(summary.positions);
  });

  it("stores nothing again when the same file is imported twice: all duplicates", async () => {
    const before = await countPositions(store.ctx);
    const summary = await importAis(store.ctx, [DMA_STREAM]);
    expect(summary.positions).toBe(0);
    expect(await countPositions(store.ctx)).toEqual(before);
    expect(summary.rejected.duplicate).toBeGreaterThan(0);
  });

  it("recognises the NOAA MarineCadastre CSV and keeps each vessel's identity with its flag", async () => {
    const summary = await importAis(store.ctx, [NOAA]);
    expect(summary.files[0]?.format).toBe("noaa");
    expect(summary.positions).toBe(1000);
    const [naisha] = await readIdentities(store.ctx, 636021061);
    expect(naisha).toMatchObject({ name: "MSC NAISHA III", imo: "9307839", callsign: "5LCB4" });
    expect(naisha).toMatchObject({ flag: "LR", shipType: 70, length: 208, width: 30, draught: 8 });
  });

  it("reads the DMA CSV: rejects by reason, ship types as codes, the name on each day", async () => {
    const summary = await importAis(store.ctx, [DMA_CSV]);
    const file = summary.files[0];
    expect(file?.format).toBe("dma");
    expect(summary.positions).toBe(5);
    expect(
      Object.fromEntries(Object.entries(file?.rejected ?? {}).map(([r, e]) => [r, e?.count])),
    ).toEqual({
      duplicate: 1,
      position_unavailable: 1,
      not_a_vessel: 1,
      bad_mmsi: 1,
      bad_timestamp: 1,
      impossible_coordinates: 1,
    });
    const day = (d: number) => Date.UTC(2024, 2, d, 12) / 1000;
    expect(await identityAt(store.ctx, 352001234, day(2))).toMatchObject({
      name: "SEA STAR",
      flag: "PA",
      shipType: 80,
      imo: "9123456",
    });
    expect((await identityAt(store.ctx, 352001234, day(4)))?.name).toBe("NEW MOON");
    expect(await identityAt(store.ctx, 352001234, day(1) - 86400)).toBeNull();
    const [track] = await collect(readTracks(store.ctx, { mmsi: [352001234] }));
    expect(Number.isNaN(track?.sog.at(-1))).toBe(true); // 102.3: not available
    expect(Number.isNaN(track?.cog.at(-1))).toBe(true);
  });

  it("reads a generic CSV with a time format, and fails clearly when no time can be read", async () => {
    const before = await countPositions(store.ctx);
    const error = await importAis(store.ctx, [SUEZ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toContain('column "ais_pos_timestamp"');
    expect(await countPositions(store.ctx)).toEqual(before);
    const summary = await importAis(store.ctx, [SUEZ], {
      mapping: { timeFormat: "%d/%m/%Y %H:%M" },
    });
    expect(summary.files[0]?.format).toBe("generic");
    expect(summary.positions + (summary.rejected.duplicate ?? 0)).toBe(summary.files[0]?.records);
  });

  it("fails a CSV with a missing column, naming it, and stores nothing of it", async () => {
    const file = writeTemp(
      "no-lon.csv",
      "MMSI,BaseDateTime,LAT,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo\n" +
        "367752440,2023-01-11T00:00:00,43.07917,0.0,360.0,95.0,SAN JOSE,,WDI9818,31,0.0,,,,52.0\n",
    );
    const before = await countPositions(store.ctx);
    const error = await importAis(store.ctx, [file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toContain('column "LON"');
    expect((error as Invalid).issues).toContainEqual(
      expect.objectContaining({ field: "LON", line: 1 }),
    );
    expect(await countPositions(store.ctx)).toEqual(before);
  });

  it("imports every real NMEA corpus (gpsd, libais, pyais, GFW errors, tag blocks) without a crash", async () => {
    const names = readdirSync(join(DATA, "nmea"));
    expect(names.length).toBeGreaterThan(10);
    const summary = await importAis(
      store.ctx,
      names.map((name) => join(DATA, "nmea", name)),
    );
    expect(summary.files.map((f) => f.format)).toEqual(names.map(() => "nmea"));
    const gfw = summary.files.find((f) => f.file.endsWith("gfw_aistools_errors.nmea"));
    expect(gfw?.rejected.bad_checksum?.count).toBeGreaterThan(0);
    const gpsd = summary.files.find((f) => f.file.endsWith("gpsd_sample.aivdm"));
    // gpsd's corpus has no receive times: its positions cannot be placed in a track.
    expect(gpsd?.positions).toBe(0);
    expect(gpsd?.rejected.no_timestamp?.count).toBeGreaterThan(0);
    const tagged = summary.files.find((f) => f.file.endsWith("aisdb_test_data_20211101.nm4"));
    expect(tagged?.positions).toBeGreaterThan(0);
  });

  it("fails a truncated gzip log and stores nothing of it", async () => {
    const whole = gzipSync(
      constructedLog()
        .join("\n")
        .replaceAll(String(T0), String(T0 + 86400)),
    );
    const file = writeTemp("truncated.nmea.gz", whole.subarray(0, whole.length - 30));
    const before = await countPositions(store.ctx);
    await expect(importAis(store.ctx, [file])).rejects.toBeInstanceOf(Invalid);
    expect(await countPositions(store.ctx)).toEqual(before);
  });
});
