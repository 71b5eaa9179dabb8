import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type DecodedMessage, decodeNmea } from "./index.js";

const NMEA = fileURLToPath(new URL("../../../../shared/data/ais/nmea/", import.meta.url));
const ORACLE = fileURLToPath(new URL("./fixtures/libais_oracle.py", import.meta.url));
// Debian's python3-ais lives in the system interpreter, not in a pyenv or venv one.
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

type Fields = Record<string, unknown>;

/** What libais decodes in `file`, keyed by the line of each message's last sentence. */
function decodeWithLibais(file: string): Map<number, Fields> {
  const output = execFileSync(PYTHON, [ORACLE, file], { encoding: "utf8", maxBuffer: 1 << 28 });
  const byLine = new Map<number, Fields>();
  for (const text of output.split("\n")) {
    if (text === "") continue;
    const row = JSON.parse(text) as { lines: number[]; decoded: Fields };
    byLine.set(row.lines.at(-1) ?? 0, row.decoded);
  }
  return byLine;
}

async function decodeWithCordon(file: string): Promise<Map<number, DecodedMessage>> {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f) bytes = gunzipSync(bytes);
  const byLine = new Map<number, DecodedMessage>();
  for await (const item of decodeNmea(bytes.toString("latin1").split("\n")))
    if (item.kind === "message") byLine.set(item.line, item);
  return byLine;
}

const POSITION_TYPES = new Set([1, 2, 3, 4, 9, 11, 18, 19, 21, 27]);

/** The differences between our message and libais's, field by field ("" when they agree). */
function compare(ours: Fields, theirs: Fields): string[] {
  const problems: string[] = [];
  const near = (field: string, a: unknown, b: unknown, tolerance: number) => {
    if (typeof a !== "number" || typeof b !== "number" || Math.abs(a - b) > tolerance)
      problems.push(`${field}: ${String(a)} vs libais ${String(b)}`);
  };
  const same = (field: string, a: unknown, b: unknown) => {
    if (a !== b) problems.push(`${field}: ${JSON.stringify(a)} vs libais ${JSON.stringify(b)}`);
  };
  // libais reads six-bit 31 as "-" and 39 as "`"; ITU-R M.1371 table 47 (and gpsd) say "_" and
  // "'". libais also keeps the "@" padding. Both are normalised before comparing.
  const text = (value: unknown) =>
    typeof value === "string"
      ? value.replace(/@.*$/, "").trimEnd().replaceAll("-", "_").replaceAll("`", "'")
      : value;
  const ourText = (value: unknown) =>
    typeof value === "string" ? value.replaceAll("-", "_") : value;
  same("id", ours.id, theirs.id);
  same("mmsi", ours.mmsi, theirs.mmsi);
  const id = Number(theirs.id);
  if (POSITION_TYPES.has(id)) {
    near("lat", ours.lat, theirs.y, 1e-4);
    near("lon", ours.lon, theirs.x, 1e-4);
  }
  for (const field of ["sog", "cog"])
    if (field in theirs && id !== 9) near(field, ours[field], theirs[field], 0.05);
  for (const field of ["nav_status", "true_heading", "timestamp", "imo_num", "part_num"])
    if (field in theirs) same(field, ours[field], theirs[field]);
  for (const field of ["dim_a", "dim_b", "dim_c", "dim_d", "year", "month", "day", "second"])
    if (field in theirs) same(field, ours[field], theirs[field]);
  if ("type_and_cargo" in theirs) same("ship_type", ours.ship_type, theirs.type_and_cargo);
  if ("draught" in theirs) near("draught", ours.draught, theirs.draught, 0.05);
  for (const field of ["name", "callsign", "destination"])
    if (field in theirs && id !== 21) same(field, ourText(ours[field]), text(theirs[field]));
  return problems;
}

/**
 * Runs both decoders over one corpus: every message libais decodes must be decoded by us with
 * the same fields (positions within 1e-4 degrees), except types we pass through raw.
 */
async function expectAgreement(name: string) {
  const file = join(NMEA, name);
  const theirs = decodeWithLibais(file);
  const ours = await decodeWithCordon(file);
  const problems: string[] = [];
  let compared = 0;
  for (const [line, fields] of theirs) {
    const mine = ours.get(line);
    if (mine === undefined) {
      problems.push(`line ${line}: libais decodes type ${String(fields.id)}, we do not`);
      continue;
    }
    if ("raw" in mine.message) continue;
    compared++;
    for (const problem of compare(mine.message as unknown as Fields, fields))
      problems.push(`line ${line}: ${problem}`);
  }
  expect(problems.slice(0, 20)).toEqual([]);
  return { compared, libais: theirs.size, ours: ours.size };
}

describe("the decoder against libais (python3-ais)", () => {
  it("agrees on every message of the DMA stream sample (2013-11-12, 26,077 messages)", async () => {
    const result = await expectAgreement("dma_aisabnormal_sample_2013-11-12.nmea.gz");
    expect(result.compared).toBe(result.libais);
  });

  it.each([
    "dma_aisabnormal_212123000_drift_1.nmea",
    "dma_aisabnormal_219165000_ssc_1.nmea",
    "dma_aisabnormal_538004030_drift_1.nmea",
    "dma_aislib_stream_example_2010-06-11.nmea",
  ])("agrees on the DMA corpus %s", async (name) => {
    const result = await expectAgreement(name);
    expect(result.compared).toBeGreaterThan(0);
  });

  it.each([
    "aisdb_test_data_201201.nmea",
    "aisdb_test_data_20211101.nm4",
    "gfw_aistools_mixed_types.nmea",
    "gfw_aistools_multi-part.nmea",
    "libais_tagblock.nmea",
    "libais_test.aivdm",
    "pyais_nmea_data_sample.nmea",
    "gpsd_sample.aivdm",
    "knapply_maritime_20181101.nmea",
  ])("agrees on the other corpus %s", async (name) => {
    const result = await expectAgreement(name);
    expect(result.compared).toBeGreaterThan(0);
  });
});
