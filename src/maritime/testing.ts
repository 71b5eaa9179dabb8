import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { secondsOf } from "./geo.js";
import type { VesselTrack } from "./track.js";

/** ../shared/data/ais from the repository root, where the real AIS test data lives. */
export const AIS_DATA = join(
  fileURLToPath(new URL("../../..", import.meta.url)),
  "shared",
  "data",
  "ais",
);

/** One report, as tests build tracks from: epoch seconds, degrees, knots (NaN when unknown). */
export interface Report {
  readonly time: number;
  readonly lat: number;
  readonly lon: number;
  readonly sog?: number;
  readonly cog?: number;
}

/** A track from reports in any order: sorted, duplicates and "not available" positions dropped. */
export function trackOf(mmsi: number, reports: readonly Report[]): VesselTrack {
  const kept = reports
    .filter((r) => Number.isFinite(r.time) && Math.abs(r.lat) <= 90 && Math.abs(r.lon) <= 180)
    .sort((a, b) => a.time - b.time)
    .filter((r, i, all) => i === 0 || r.time !== (all[i - 1] as Report).time);
  return {
    mmsi,
    time: Float64Array.from(kept, (r) => r.time),
    lat: Float64Array.from(kept, (r) => r.lat),
    lon: Float64Array.from(kept, (r) => r.lon),
    sog: Float32Array.from(kept, (r) => r.sog ?? Number.NaN),
    cog: Float32Array.from(kept, (r) => r.cog ?? Number.NaN),
    heading: new Float32Array(kept.length).fill(Number.NaN),
  };
}

/** Column names of a position file: which holds the MMSI, time, position and speed. */
interface Columns {
  readonly mmsi: string;
  readonly time: string;
  readonly lat: string;
  readonly lon: string;
  readonly sog?: string;
  /** For times not in ISO form (e.g. "20/03/2021 00:22"). */
  readonly parseTime?: (text: string) => number;
}

/**
 * The tracks of a real position file under AIS_DATA (CSV, `;`-CSV, gzip, or JSON lines as
 * GFW's segmenter tests have them), by MMSI. A small loader for tests only: the import proper
 * is `importAis`. Throws when the file is missing, so tests on real data fail rather than skip.
 */
export function loadRealTracks(relative: string, columns: Columns): Map<number, VesselTrack> {
  const path = join(AIS_DATA, relative);
  const raw = readFileSync(path);
  const text = (relative.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const records: Record<string, unknown>[] = relative.includes(".jsonl")
    ? text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : (parse(text, {
        columns: true,
        skip_empty_lines: true,
        bom: true,
        delimiter: text.slice(0, text.indexOf("\n")).includes(";") ? ";" : ",",
      }) as Record<string, unknown>[]);
  const byMmsi = new Map<number, Report[]>();
  for (const record of records) {
    const mmsi = Math.round(Number(record[columns.mmsi]));
    const when = record[columns.time];
    const numeric =
      typeof when === "number"
        ? when
        : /^\d+(\.\d+)?$/.test(String(when))
          ? Number(when)
          : undefined;
    const time =
      numeric !== undefined
        ? numeric > 1e11
          ? numeric / 1000
          : numeric
        : (columns.parseTime ?? ((t: string) => secondsOf(t.replace(" ", "T"))))(String(when));
    const sog = columns.sog === undefined ? Number.NaN : Number(record[columns.sog] ?? Number.NaN);
    const report = {
      time,
      lat: Number(record[columns.lat]),
      lon: Number(record[columns.lon]),
      sog,
    };
    const list = byMmsi.get(mmsi);
    if (list === undefined) byMmsi.set(mmsi, [report]);
    else list.push(report);
  }
  return new Map([...byMmsi].map(([mmsi, reports]) => [mmsi, trackOf(mmsi, reports)]));
}
