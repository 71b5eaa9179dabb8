import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Invalid } from "../../model/index.js";
import { readCsv } from "./import-csv.js";
import { parseCsvHeader } from "./read-csv.js";
import { readHead } from "./read-lines.js";

const tmp = mkdtempSync(join(tmpdir(), "cordon-read-csv-"));
const HEADER =
  "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass";

/** A NOAA file of `rows` rows from 20 vessels, one renamed half way, some rows quoted or bad. */
function noaaRows(rows: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const vessel = 367000000 + (i % 20);
    const time = new Date(Date.UTC(2024, 2, 1) + i * 1000).toISOString().slice(0, 19);
    const name = vessel === 367000003 && i > rows / 2 ? '"NEW, NAME"' : `SHIP ${i % 20}`;
    const lat = i % 97 === 0 ? "91" : (30 + (i % 1000) / 1000).toFixed(5);
    lines.push(
      `${vessel},${time},${lat},-70.12345,1.5,10.0,20,${name},IMO90000${i % 20},C${i % 20},70,0,100,20,5.0,70,A`,
    );
  }
  return lines;
}

function write(name: string, text: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

async function read(path: string, threads: number, chunkBytes = 4096) {
  return readCsv(path, statSync(path).size, await readHead(path), () => {}, undefined, undefined, {
    threads,
    chunkBytes,
  });
}

describe("readCsv", () => {
  it("reads the same rows, lines and identities on worker threads as on this one", async () => {
    const path = write("many.csv", `${[HEADER, ...noaaRows(5000)].join("\n")}\n`);
    const here = await read(path, 0);
    const workers = await read(path, 2);
    expect(workers.batches.length).toBeGreaterThan(10);
    expect(workers.rows).toBe(5000);
    const flat = (r: typeof here, column: "line" | "mmsi" | "time" | "lat" | "reason") =>
      r.batches.flatMap((b) => [...b[column]]);
    for (const column of ["line", "mmsi", "time", "lat", "reason"] as const)
      expect(flat(workers, column)).toEqual(flat(here, column));
    expect(flat(workers, "line").slice(0, 3)).toEqual([2, 3, 4]);
    expect(flat(workers, "line").at(-1)).toBe(5001);
    expect(workers.reports).toEqual(here.reports);
    const names = new Set(workers.reports.name.filter((n) => n?.includes("NEW")));
    expect([...names]).toEqual(["NEW, NAME"]);
  });

  it("reads gzip files and blank lines, numbering rows by their line in the file", async () => {
    const text = `${[HEADER, ...noaaRows(3).slice(0, 1), "", ...noaaRows(3).slice(1)].join("\r\n")}\r\n`;
    const path = write("blank.csv.gz", gzipSync(text));
    const { batches } = await read(path, 0);
    expect(batches.flatMap((b) => [...b.line])).toEqual([2, 4, 5]);
  });

  it("reads lines longer than a chunk, gzip files on workers, and reports every byte read", async () => {
    const rows = noaaRows(3000);
    rows[100] = (rows[100] as string).replace("SHIP", `SHIP ${"L".repeat(10_000)}`);
    const text = `${[HEADER, ...rows].join("\n")}`;
    const plain = write("long.csv", text);
    const here = await read(plain, 0);
    const flat = (r: typeof here) =>
      (["line", "mmsi", "time", "lat", "lon", "sog", "reason"] as const).map((column) =>
        r.batches.flatMap((b) => [...b[column]]),
      );
    expect(here.rows).toBe(3000);
    expect(flat(here)[0]?.at(-1)).toBe(3001);
    for (const [path, threads] of [
      [plain, 2],
      [write("long.csv.gz", gzipSync(text)), 2],
    ] as const) {
      let bytes = 0;
      const options = { threads, chunkBytes: 4096 };
      const size = statSync(path).size;
      const head = await readHead(path);
      const r = await readCsv(path, size, head, (n) => (bytes += n), undefined, undefined, options);
      expect(flat(r)).toEqual(flat(here));
      expect(r.reports).toEqual(here.reports);
      expect(bytes).toBe(size);
    }
  });

  it("reads a file of a header alone as no rows", async () => {
    for (const text of [`${HEADER}\n`, HEADER]) {
      const { rows, batches } = await read(write("empty.csv", text), 2);
      expect(rows).toBe(0);
      expect(batches.every((b) => b.rows === 0)).toBe(true);
    }
  });

  it("names the first line with missing fields", async () => {
    const rows = noaaRows(2000);
    rows[1500] = "367000001,2024-03-01T00:00:00,40.1";
    const path = write("short.csv", `${[HEADER, ...rows].join("\n")}\n`);
    const error = await read(path, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toContain("short.csv:1502:");
  });

  it("refuses a time format with a directive it does not know, naming it", async () => {
    const path = write("format.csv", "mmsi,time,lat,lon\n367000001,2024-061,40,10\n");
    const size = statSync(path).size;
    const head = await readHead(path);
    const error = await readCsv(path, size, head, () => {}, undefined, {
      timeFormat: "%Y-%j",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toContain("%j is not supported");
  });

  it("sniffs the delimiter and unquotes the header", async () => {
    const path = write("semi.csv", '"MMSI";"# Timestamp";Latitude\n1;2;3\n');
    expect(parseCsvHeader(path, (await readHead(path))[0])).toEqual({
      columns: ["MMSI", "# Timestamp", "Latitude"],
      delimiter: 59,
    });
  });
});
