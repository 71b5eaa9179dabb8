import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Columnar, openColumnar } from "./columnar.js";
import { type ParquetColumnSpec, ParquetWriter } from "./parquet-writer.js";

const SCHEMA: readonly ParquetColumnSpec[] = [
  { name: "u", type: "uint32" },
  { name: "i", type: "int32" },
  { name: "d", type: "double" },
  { name: "f", type: "float", statistics: false },
];

/** Columns derived from the row number: unsigned above 2^31, negatives, fractions, NaN. */
function columns(rows: number) {
  const u = new Uint32Array(rows);
  const i = new Int32Array(rows);
  const d = new Float64Array(rows);
  const f = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    u[r] = 4_000_000_000 + r;
    i[r] = r % 2 === 0 ? -r : r;
    d[r] = r === 5 ? Number.NaN : 1.7e9 + r / 8;
    f[r] = r % 3 === 0 ? Number.NaN : r / 4;
  }
  return [u, i, d, f] as const;
}

describe("ParquetWriter", () => {
  let folder: string;
  let columnar: Columnar;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "cordon-parquet-"));
    columnar = openColumnar(undefined);
  });
  afterEach(async () => {
    await columnar.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function query(sql: string): Promise<unknown[][]> {
    return (await (await columnar.connect()).runAndReadAll(sql)).getRows();
  }

  it("writes row groups that DuckDB reads back value for value, with their types", async () => {
    const file = join(folder, "t.parquet");
    const [u, i, d, f] = columns(1000);
    const writer = new ParquetWriter(file, SCHEMA);
    writer.writeRowGroup([u, i, d, f], 0, 300);
    writer.writeRowGroup([u, i, d, f], 300, 700);
    expect(writer.finish()).toBe(1000);
    const rows = await query(
      `SELECT u, i, d, f, typeof(u), typeof(i), typeof(d), typeof(f) FROM read_parquet('${file}')`,
    );
    expect(rows).toHaveLength(1000);
    rows.forEach((row, r) => {
      expect(row.slice(0, 4)).toEqual([u[r], i[r], d[r], f[r]]);
      expect(row.slice(4)).toEqual(["UINTEGER", "INTEGER", "DOUBLE", "FLOAT"]);
    });
    const groups = await query(
      `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${file}') ORDER BY 1`,
    );
    expect(groups).toEqual([
      [0n, 300n],
      [1n, 700n],
    ]);
  });

  it("gives each row group min/max statistics, NaN left out, where asked", async () => {
    const file = join(folder, "t.parquet");
    const [u, i, d, f] = columns(100);
    const writer = new ParquetWriter(file, SCHEMA);
    writer.writeRowGroup([u, i, d, f], 0, 50);
    writer.writeRowGroup([u, i, d, f], 50, 50);
    writer.finish();
    const stats = await query(
      `SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value
       FROM parquet_metadata('${file}') WHERE path_in_schema IN ('u', 'd', 'f') ORDER BY 1, 2`,
    );
    expect(stats).toEqual([
      [0n, "d", "1700000000.0", "1700000006.125"],
      [0n, "f", null, null],
      [0n, "u", "4000000000", "4000000049"],
      [1n, "d", "1700000006.25", "1700000012.375"],
      [1n, "f", null, null],
      [1n, "u", "4000000050", "4000000099"],
    ]);
    expect(
      await query(`SELECT count(*) FROM read_parquet('${file}') WHERE u >= 4000000060`),
    ).toEqual([[40n]]);
  });

  it("refuses a column of another array type or too short, and an existing file", () => {
    const file = join(folder, "t.parquet");
    const [u, i, d, f] = columns(10);
    const writer = new ParquetWriter(file, SCHEMA);
    expect(() => writer.writeRowGroup([u, i, d, d], 0, 10)).toThrow(/column f \(float\)/);
    expect(() => writer.writeRowGroup([u, i, d, f], 5, 10)).toThrow(/has 10 of 15 rows/);
    writer.abort();
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, "taken");
    expect(() => new ParquetWriter(file, SCHEMA)).toThrow(/EEXIST/);
  });
});
