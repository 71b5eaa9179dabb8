import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOOLEAN, DOUBLE, FLOAT, INTEGER, SMALLINT, UINTEGER } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { appendTypedColumns, openColumnar } from "./columnar.js";

describe("openColumnar", () => {
  it("keeps what was written in its file across openings", async () => {
    const home = mkdtempSync(join(tmpdir(), "cordon-columnar-"));
    try {
      const first = openColumnar(home);
      await (await first.connect()).run("CREATE TABLE t AS SELECT 42 AS x");
      await first.close();
      const second = openColumnar(home);
      const rows = (await (await second.connect()).runAndReadAll("SELECT x FROM t")).getRows();
      await second.close();
      expect(rows).toEqual([[42]]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("keeps its files in <home>/columnar, and a store in memory's in a folder gone at close", async () => {
    const home = mkdtempSync(join(tmpdir(), "cordon-columnar-"));
    try {
      const kept = openColumnar(home);
      expect(kept.directory()).toBe(join(home, "columnar"));
      await kept.close();
      expect(existsSync(join(home, "columnar"))).toBe(true);
      const memory = openColumnar(undefined);
      const folder = memory.directory();
      expect(existsSync(folder)).toBe(true);
      await memory.close();
      expect(existsSync(folder)).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("opens nothing until it is used", async () => {
    const home = join(mkdtempSync(join(tmpdir(), "cordon-columnar-")), "unused");
    await openColumnar(home).close();
    expect(existsSync(home)).toBe(false);
  });
});

describe("appendTypedColumns", () => {
  const TYPES = [UINTEGER, DOUBLE, FLOAT, INTEGER, SMALLINT, BOOLEAN];
  const TABLE = "CREATE TABLE t (u UINTEGER, d DOUBLE, f FLOAT, i INTEGER, s SMALLINT, b BOOLEAN)";

  /** Appends `rows` rows of columns derived from the row number, then reads them back. */
  async function roundTrip(rows: number, shared = false) {
    const columnar = openColumnar(undefined);
    try {
      const connection = await columnar.connect();
      await connection.run(TABLE);
      const Buffer = shared ? SharedArrayBuffer : ArrayBuffer;
      // One row more than appended, and an offset view, so lengths and offsets are honoured.
      const u = new Uint32Array(new Buffer((rows + 2) * 4), 4, rows + 1);
      const d = new Float64Array(new Buffer((rows + 1) * 8));
      const f = new Float32Array(rows + 1);
      const i = new Int32Array(rows + 1);
      const s = new Int16Array(rows + 1);
      const b = new Uint8Array(rows + 1);
      for (let r = 0; r < rows; r++) {
        u[r] = 4_000_000_000 + r;
        d[r] = r % 1000 === 7 ? Number.NaN : r * 0.1 + 1e-9;
        // NULLs in the first slice only: the next slices reuse its chunk.
        f[r] = r < 2048 && r % 700 === 3 ? Number.NaN : r / 3;
        i[r] = -r;
        s[r] = r % 30000;
        b[r] = r % 2;
      }
      await appendTypedColumns(connection, "t", TYPES, [u, d, f, i, s, b], rows);
      const reader = await connection.runAndReadAll("SELECT * FROM t ORDER BY u");
      const expected = Array.from({ length: rows }, (_, r) => [
        u[r],
        Number.isNaN(d[r]) ? null : d[r],
        Number.isNaN(f[r]) ? null : f[r],
        i[r],
        s[r],
        b[r] === 1,
      ]);
      return { rows: reader.getRows(), expected };
    } finally {
      await columnar.close();
    }
  }

  it("stores every value exactly, NaN as NULL, in slices of any length", async () => {
    const { rows, expected } = await roundTrip(2048 * 2 + 5);
    expect(rows).toEqual(expected);
    expect(rows.filter((row) => row[1] === null)).toHaveLength(5);
    expect(rows.filter((row) => row[2] === null)).toHaveLength(3);
  });

  it("clears the NULLs of one slice before the next", async () => {
    const { rows } = await roundTrip(2048 * 3);
    expect(rows.slice(2048).filter((row) => row[2] === null)).toEqual([]);
  });

  it("reads columns on a SharedArrayBuffer", async () => {
    const { rows, expected } = await roundTrip(3000, true);
    expect(rows).toEqual(expected);
  });

  it("appends nothing for no rows", async () => {
    const { rows } = await roundTrip(0);
    expect(rows).toEqual([]);
  });

  it("refuses an array that is not its type's", async () => {
    const columnar = openColumnar(undefined);
    try {
      const connection = await columnar.connect();
      await connection.run("CREATE TABLE t (d DOUBLE)");
      await expect(
        appendTypedColumns(connection, "t", [DOUBLE], [new Float32Array(1)], 1),
      ).rejects.toThrow(/Float32Array, not Float64Array/);
      await expect(
        appendTypedColumns(connection, "t", [DOUBLE], [new Float64Array(1)], 2),
      ).rejects.toThrow(/1 of 2 rows/);
    } finally {
      await columnar.close();
    }
  });
});
