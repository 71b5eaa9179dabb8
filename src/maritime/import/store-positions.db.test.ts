import { readdirSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Columnar, openColumnar } from "../../store/index.js";
import { openTestStore } from "../../store/testing.js";
import { ensureMaritimeTables, POSITION_TABLE, readTracks } from "../positions.js";
import { type PositionBatch, REJECT_REASON_CODES } from "./position-batch.js";
import type { RejectCounts, RejectReason } from "./reject-reasons.js";
import { countReject } from "./reject-reasons.js";
import { storePositions } from "./store-positions.js";

/** A row of a test file: line, MMSI, time (epoch seconds) and the reason it is refused, if any. */
type Row = readonly [line: number, mmsi: number, time: number, reason?: RejectReason];

/** The latitude each row is stored with: tells which of two duplicates was kept. */
const latOf = (line: number) => 10 + line / 1000;

/** One batch of `rows`, in arrays one longer than the rows (as a parser allocates them). */
function batch(rows: readonly Row[]): PositionBatch {
  const n = rows.length + 1;
  const b = {
    rows: rows.length,
    line: new Uint32Array(n),
    mmsi: new Uint32Array(n),
    time: new Float64Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    sog: new Float32Array(n),
    cog: new Float32Array(n),
    heading: new Float32Array(n),
    reason: new Uint8Array(n),
  };
  rows.forEach(([line, mmsi, time, reason], i) => {
    b.line[i] = line;
    b.mmsi[i] = mmsi;
    b.time[i] = time;
    b.lat[i] = latOf(line);
    b.lon[i] = 120 + line / 1000;
    b.sog[i] = line % 3 === 0 ? Number.NaN : line / 4;
    b.cog[i] = line % 5 === 0 ? Number.NaN : 90;
    b.heading[i] = Number.NaN;
    b.reason[i] = reason === undefined ? 0 : REJECT_REASON_CODES.indexOf(reason) + 1;
  });
  return b;
}

async function store(
  columnar: Columnar,
  batches: readonly PositionBatch[],
  maxReorderSeconds: number | null = null,
  groupRows?: number,
): Promise<{ stored: number; rejected: RejectCounts }> {
  const rejected: RejectCounts = {};
  const connection = await columnar.connect();
  await connection.run("BEGIN TRANSACTION");
  const options = { maxReorderSeconds, ...(groupRows === undefined ? {} : { groupRows }) };
  const stored = await storePositions(columnar, batches, options, rejected);
  await connection.run("COMMIT");
  return { stored: stored.positions, rejected };
}

/** The stored positions in storage order: [mmsi, time, line (from lat)]. */
async function storedRows(connection: DuckDBConnection): Promise<[number, number, number][]> {
  const reader = await connection.runAndReadAll(
    `SELECT mmsi, time, round((lat - 10) * 1000)::INTEGER FROM ${POSITION_TABLE}`,
  );
  return reader.getRows().map(([mmsi, time, line]) => [Number(mmsi), Number(time), Number(line)]);
}

const byKey = (a: readonly number[], b: readonly number[]) =>
  (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0);

describe("storePositions", () => {
  let columnar: Columnar;
  let connection: DuckDBConnection;
  beforeEach(async () => {
    columnar = openColumnar(undefined);
    connection = await ensureMaritimeTables(columnar);
  });
  afterEach(async () => {
    await columnar.close();
  });

  it("counts the rows refused already under their reason with their first line, and stores none", async () => {
    const { stored, rejected } = await store(columnar, [
      batch([
        [2, 5, 100],
        [3, 0, 100, "bad_mmsi"],
        [4, 5, 0, "bad_timestamp"],
        [5, 5, 200],
      ]),
      batch([
        [6, 1, 100, "bad_mmsi"],
        [9, 7, 50, "impossible_coordinates"],
      ]),
    ]);
    expect(stored).toBe(2);
    expect(rejected).toEqual({
      bad_mmsi: { count: 2, firstLine: 3 },
      bad_timestamp: { count: 1, firstLine: 4 },
      impossible_coordinates: { count: 1, firstLine: 9 },
    });
    expect(await storedRows(connection)).toEqual([
      [5, 100, 2],
      [5, 200, 5],
    ]);
  });

  it("keeps the first line of equal (mmsi, time) across batches, and ignores refused rows", async () => {
    const { stored, rejected } = await store(columnar, [
      batch([
        [2, 9, 100, "impossible_coordinates"],
        [3, 9, 200],
        [4, 8, 200],
        [5, 9, 100],
      ]),
      batch([
        [6, 9, 200],
        [7, 9, 100],
        [8, 9, 200],
      ]),
    ]);
    expect(stored).toBe(3);
    expect(rejected.duplicate).toEqual({ count: 3, firstLine: 6 });
    expect(await storedRows(connection)).toEqual([
      [8, 200, 4],
      [9, 100, 5],
      [9, 200, 3],
    ]);
  });

  it("refuses what is stored already, and the vessels' other times pass", async () => {
    await store(columnar, [
      batch([
        [2, 1, 100],
        [3, 2, 100],
        [4, 2, 300],
      ]),
    ]);
    const { stored, rejected } = await store(columnar, [
      batch([
        [2, 2, 200],
        [3, 2, 300],
        [4, 1, 100],
        [5, 3, 100],
        [6, 2, 300],
      ]),
    ]);
    expect(stored).toBe(2);
    expect(rejected).toEqual({ duplicate: { count: 3, firstLine: 3 } });
    expect((await storedRows(connection)).sort(byKey)).toEqual([
      [1, 100, 2],
      [2, 100, 3],
      [2, 200, 2],
      [2, 300, 4],
      [3, 100, 5],
    ]);
  });

  it("refuses a row earlier than its vessel's latest by more than the tolerance, if asked", async () => {
    const rows: Row[] = [
      [2, 1, 1000],
      [3, 2, 5000],
      [4, 1, 950], // 50 s late: within the tolerance
      [5, 1, 800, "bad_value"], // refused already: no out_of_order, and not the latest
      [6, 1, 2000],
      [7, 1, 2000, "bad_value"],
      [8, 1, 1500], // 500 s late
      [9, 1, 1940], // 60 s late: within
      [10, 1, 1939], // 61 s late
    ];
    const tolerant = await store(columnar, [batch(rows)], 60);
    expect(tolerant.rejected).toEqual({
      bad_value: { count: 2, firstLine: 5 },
      out_of_order: { count: 2, firstLine: 8 },
    });
    expect((await storedRows(connection)).map(([, time]) => time)).toEqual([
      950, 1000, 1940, 2000, 5000,
    ]);
    await columnar.close();
    columnar = openColumnar(undefined);
    connection = await ensureMaritimeTables(columnar);
    const csv = await store(columnar, [batch(rows)]);
    expect(csv.rejected).toEqual({ bad_value: { count: 2, firstLine: 5 } });
    expect(csv.stored).toBe(7);
  });

  it("counts a late row as out_of_order, not as the duplicate it also is", async () => {
    const { rejected } = await store(
      columnar,
      [
        batch([
          [2, 1, 100],
          [3, 1, 500],
          [4, 1, 100],
        ]),
      ],
      60,
    );
    expect(rejected).toEqual({ out_of_order: { count: 1, firstLine: 4 } });
  });

  it("stores a file given in reverse so that readTracks yields each track in time order", async () => {
    const test = await openTestStore("pglite");
    try {
      const rows: Row[] = [];
      for (let i = 0; i < 40; i++) rows.push([i + 2, 200_000_000 + (i % 3), 2e9 - i * 60]);
      await ensureMaritimeTables(test.ctx.columnar);
      await store(test.ctx.columnar, [batch(rows.slice(0, 25)), batch(rows.slice(25))]);
      const tracks: { mmsi: number; time: number[] }[] = [];
      for await (const track of readTracks(test.ctx))
        tracks.push({ mmsi: track.mmsi, time: [...track.time] });
      expect(tracks.map((t) => t.mmsi)).toEqual([200_000_000, 200_000_001, 200_000_002]);
      for (const track of tracks) expect(track.time).toEqual([...track.time].sort((a, b) => a - b));
      expect(tracks.flatMap((t) => t.time)).toHaveLength(40);
    } finally {
      await test.close();
    }
  });

  it("stores nothing for no batches or no good row", async () => {
    expect(await store(columnar, [])).toEqual({ stored: 0, rejected: {} });
    expect(await store(columnar, [batch([]), batch([[2, 1, 1, "bad_value"]])])).toEqual({
      stored: 0,
      rejected: { bad_value: { count: 1, firstLine: 2 } },
    });
    // Nothing stored, no segment written.
    expect(readdirSync(columnar.directory())).toEqual([]);
  });

  it("refuses batches out of file order", async () => {
    await expect(store(columnar, [batch([[5, 1, 1]]), batch([[3, 1, 2]])])).rejects.toThrow(
      /line 3 after line 5/,
    );
    await connection.run("ROLLBACK");
  });

  it.each([
    [30, undefined],
    [null, undefined],
    [30, 300],
    [30, 1200],
  ])(
    "decides as the rules say on a shuffled file, tolerance %s, groups of %s rows",
    async (tolerance, groupRows) => {
      const rows = randomRows(20_000, 37);
      const batches = [
        batch(rows.slice(0, 7000)),
        batch(rows.slice(7000, 7001)),
        batch(rows.slice(7001)),
      ];
      // Half the file stored before.
      const before = rows.filter((_, i) => i % 2 === 0 && rows[i]?.[3] === undefined);
      await store(columnar, [batch(before)], tolerance);
      const storedBefore = referenceStore(before, [], tolerance).kept;
      const expected = referenceStore(rows, storedBefore, tolerance);
      const ours = await store(columnar, batches, tolerance, groupRows);
      expect(ours.rejected).toEqual(expected.rejected);
      expect(ours.rejected.duplicate?.count).toBeGreaterThan(1000);
      if (tolerance !== null) expect(ours.rejected.out_of_order?.count).toBeGreaterThan(100);
      expect(ours.stored).toBe(expected.kept.length);
      const all = [...storedBefore, ...expected.kept];
      // Two imports: each one's rows are stored in order, after the other's.
      expect((await storedRows(connection)).sort(byKey)).toEqual(all.sort(byKey));
    },
  );
});

/** `n` rows of `vessels` vessels, times shuffled a little and repeated often, some refused. */
function randomRows(n: number, vessels: number): Row[] {
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: n }, (_, i): Row => {
    const mmsi = 100_000_000 + Math.floor(random() * vessels) * 7919;
    const time = 1e9 + Math.floor(i / 2 + random() * 200 - 100) * 0.5;
    const reason = random() < 0.05 ? "bad_value" : undefined;
    return reason === undefined ? [i + 2, mmsi, time] : [i + 2, mmsi, time, reason];
  });
}

/**
 * The rules, written the plain way (rows in line order): refused rows counted; a good row
 * earlier by over `tolerance` than the latest good row of its vessel before it is out of
 * order; of equal (mmsi, time) the first line is kept, and one stored already is a duplicate.
 * Returns the refusals and the rows kept as [mmsi, time, line].
 */
function referenceStore(
  rows: readonly Row[],
  stored: readonly (readonly [mmsi: number, time: number, line: number])[],
  tolerance: number | null,
): { rejected: RejectCounts; kept: [number, number, number][] } {
  const rejected: RejectCounts = {};
  const latest = new Map<number, number>();
  const verdicts = rows.map(([, mmsi, time, reason]) => {
    if (reason !== undefined) return reason;
    const before = latest.get(mmsi) ?? Number.NEGATIVE_INFINITY;
    latest.set(mmsi, Math.max(before, time));
    return tolerance !== null && time < before - tolerance ? "out_of_order" : null;
  });
  const seen = new Set(stored.map(([mmsi, time]) => `${mmsi}|${time}`));
  const kept: [mmsi: number, time: number, line: number][] = [];
  rows.forEach(([line, mmsi, time], i) => {
    let verdict = verdicts[i] ?? null;
    if (verdict === null && seen.has(`${mmsi}|${time}`)) verdict = "duplicate";
    if (verdict !== null) countReject(rejected, verdict, line);
    else {
      seen.add(`${mmsi}|${time}`);
      kept.push([mmsi, time, line]);
    }
  });
  return { rejected, kept };
}
