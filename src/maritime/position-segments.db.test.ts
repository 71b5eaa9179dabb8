import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, type TestStore } from "../store/testing.js";
import { importAis } from "./import/index.js";
import { compactPositions, SEGMENT_TABLE } from "./position-segments.js";
import { countPositions, ensureMaritimeTables, POSITION_TABLE, readTracks } from "./positions.js";
import type { VesselTrack } from "./track.js";

const DATA = fileURLToPath(new URL("../../../shared/data/ais/", import.meta.url));

async function tracksOf(store: TestStore): Promise<VesselTrack[]> {
  const tracks: VesselTrack[] = [];
  for await (const track of readTracks(store.ctx)) tracks.push(track);
  return tracks;
}

describe("position segments", () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore("pglite");
  });
  afterEach(async () => {
    await store.close();
  });

  it("bring a store from before them up to date: its position table becomes a segment", async () => {
    const connection = await store.ctx.columnar.connect();
    // The table as Cordon created it before segments, NULL for "not available".
    await connection.run(`
      CREATE TABLE maritime_position (mmsi UINTEGER NOT NULL, time DOUBLE NOT NULL,
        lat DOUBLE NOT NULL, lon DOUBLE NOT NULL, sog FLOAT, cog FLOAT, heading FLOAT);
      INSERT INTO maritime_position VALUES
        (2, 200, 1.5, 2.5, NULL, 90, NULL), (1, 100, 1, 2, 3, NULL, 7), (2, 100, 1, 2, 0.5, 1, 2)`);
    await ensureMaritimeTables(store.ctx.columnar);
    const kind = await connection.runAndReadAll(
      `SELECT table_type FROM information_schema.tables WHERE table_name = '${POSITION_TABLE}'`,
    );
    expect(kind.getRows()).toEqual([["VIEW"]]);
    expect(readdirSync(store.ctx.columnar.directory())).toHaveLength(1);
    const tracks = await tracksOf(store);
    expect(tracks.map((t) => [t.mmsi, [...t.time]])).toEqual([
      [1, [100]],
      [2, [100, 200]],
    ]);
    expect([...(tracks[1]?.sog ?? [])]).toEqual([0.5, Number.NaN]);
    expect(await countPositions(store.ctx)).toEqual({ positions: 3, vessels: 2 });
    // The view shows "not available" as NULL, as the table did.
    const view = await connection.runAndReadAll(
      `SELECT sog, cog, heading FROM ${POSITION_TABLE} WHERE mmsi = 2 AND time = 200`,
    );
    expect(view.getRows()).toEqual([[null, 90, null]]);
  });

  it("written by Cordon are read straight from the file, track for track as DuckDB reads them", async () => {
    const csv = join(DATA, "positions", "aisdb_test_data_noaa_20230101.csv");
    await importAis(store.ctx, [csv]);
    const whole = await tracksOf(store);
    // A filter, even one that keeps every position, reads through DuckDB.
    const queried: VesselTrack[] = [];
    for await (const track of readTracks(store.ctx, { from: 0 })) queried.push(track);
    expect(whole.length).toBeGreaterThan(10);
    expect(whole.reduce((n, t) => n + t.time.length, 0)).toBeGreaterThan(900);
    expect(whole).toEqual(queried);
  });

  it("compact into one sorted, compressed segment, the tracks unchanged", async () => {
    await importAis(store.ctx, [
      join(DATA, "positions", "aisdb_test_data_noaa_20230101.csv"),
      fileURLToPath(new URL("./fixtures/dma_constructed.csv", import.meta.url)),
    ]);
    const folder = store.ctx.columnar.directory();
    expect(readdirSync(folder)).toHaveLength(2);
    const before = await tracksOf(store);
    // Left by an import that failed before its commit: listed nowhere.
    writeFileSync(join(folder, "positions-stray.parquet"), "never committed");
    const summary = await compactPositions(store.ctx.columnar);
    expect(summary).toMatchObject({ segmentsBefore: 2, strayFiles: 1 });
    expect(summary.positions).toBe(before.reduce((n, t) => n + t.time.length, 0));
    expect(summary.bytesAfter).toBeLessThan(summary.bytesBefore);
    expect(readdirSync(folder)).toHaveLength(1);
    expect(await tracksOf(store)).toEqual(before);
    // Compacting again has nothing to do.
    expect(await compactPositions(store.ctx.columnar)).toMatchObject({
      segmentsBefore: 1,
      bytesAfter: summary.bytesAfter,
    });
  });

  it("are read as no positions when none is stored", async () => {
    expect(await tracksOf(store)).toEqual([]);
    expect(await countPositions(store.ctx)).toEqual({ positions: 0, vessels: 0 });
  });

  it("fail a read naming a stored segment whose file is gone, rather than lose its positions", async () => {
    const connection = await ensureMaritimeTables(store.ctx.columnar);
    await connection.run(`
      INSERT INTO ${SEGMENT_TABLE} (file, positions) VALUES ('positions-gone.parquet', 1)`);
    const missing = join(store.ctx.columnar.directory(), "positions-gone.parquet");
    rmSync(missing, { force: true });
    await expect(tracksOf(store)).rejects.toThrow(`${missing}: a stored AIS position segment`);
  });
});
