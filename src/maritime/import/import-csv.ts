import { Invalid } from "../../model/index.js";
import {
  type ColumnMapping,
  type CsvFormat,
  type CsvFormatName,
  recognizeCsv,
} from "./csv-format.js";
import { compileTimeFormat, numberOfText, TIME_FORMAT_DIRECTIVES } from "./csv-text.js";
import { type CsvLayout, type RawIdentity, STATIC_FIELDS } from "./parse-csv-chunk.js";
import { REJECT_REASON_CODES } from "./position-batch.js";
import { type CsvHeader, type CsvRows, parseCsvHeader, readCsvRows } from "./read-csv.js";
import { EARLIEST_TIME, latestTime } from "./reject-reasons.js";
import { IdentityColumns } from "./staging.js";

/** A CSV file read: its format, positions in chunks, the identity reports to store. */
export interface CsvRead extends CsvRows {
  readonly format: CsvFormat;
  readonly reports: IdentityColumns;
}

/**
 * Reads a DMA, NOAA or generic CSV with Cordon's own reader (read-csv.ts): a byte-level parser
 * made for these files, one worker thread a core. DuckDB's read_csv, used before, read the file
 * twice as text (positions, then identities) and cast every field, which with the checks and
 * the sort in SQL took 16–19 s for ten million NOAA rows on two cores and 1.8–2.1 GB, against
 * 12 s and 1.0 GB with this reader's first version (`cordon ais import`, old and new
 * alternated; with workers reading their own ranges of the file and the Parquet segments, the
 * whole import takes 2.2 s and 0.8 GB); this reads the file once, keeps each row's line, and
 * leaves sorting to storePositions. Rows may not hold line breaks inside quotes (AIS files do
 * not). A bad value refuses its row with a reason, never the file;
 * a file whose header lacks a column, or whose time column cannot be read at all, is refused
 * with an error naming it, as is a time format with a directive the reader does not know.
 * `head` is the file's first lines as the import read them (readHead): the header, and a row
 * to show should no time be readable.
 */
export async function readCsv(
  path: string,
  size: number,
  head: readonly string[],
  onBytes: (bytes: number) => void,
  requested?: CsvFormatName,
  mapping?: Partial<ColumnMapping>,
  options: { readonly chunkBytes?: number; readonly threads?: number } = {},
): Promise<CsvRead> {
  const header = parseCsvHeader(path, head[0]);
  const format = recognizeCsv(path, header.columns, requested, mapping);
  const layout = csvLayout(path, format, header);
  const read = await readCsvRows(path, size, layout, onBytes, options);
  if (read.rows > 0 && allTimesBad(read))
    throwUnreadableTimes(path, format.mapping, header, head[1]);
  return { ...read, format, reports: identityReports(read.identities, format.name) };
}

function csvLayout(path: string, format: CsvFormat, header: CsvHeader): CsvLayout {
  const m = format.mapping;
  const index = (name: string | undefined) =>
    name === undefined ? -1 : header.columns.indexOf(name);
  if (m.timeFormat !== undefined) {
    const compiled = compileTimeFormat(m.timeFormat);
    if (typeof compiled === "string")
      throw new Invalid(
        "usage",
        `--mapping timeFormat: ${compiled} is not supported (use ${TIME_FORMAT_DIRECTIVES})`,
        [{ file: path, field: m.time, message: `unsupported directive ${compiled}` }],
      );
  }
  return {
    delimiter: header.delimiter,
    mmsi: index(m.mmsi),
    time: index(m.time),
    lat: index(m.lat),
    lon: index(m.lon),
    sog: index(m.sog),
    cog: index(m.cog),
    heading: index(m.heading),
    statics: STATIC_FIELDS.map((field) => index(m[field])),
    notVessel: format.name === "dma" ? index("Type of mobile") : -1,
    timeFormat: m.timeFormat ?? null,
    earliest: EARLIEST_TIME,
    latest: latestTime(),
  };
}

const BAD_TIMESTAMP = REJECT_REASON_CODES.indexOf("bad_timestamp") + 1;

function allTimesBad(read: CsvRows): boolean {
  for (const batch of read.batches)
    for (let i = 0; i < batch.rows; i++) if (batch.reason[i] !== BAD_TIMESTAMP) return false;
  return true;
}

/** No row's time could be read: the column or its format is wrong, not the data. */
function throwUnreadableTimes(
  path: string,
  m: ColumnMapping,
  header: CsvHeader,
  first: string | undefined,
): never {
  const at = header.columns.indexOf(m.time);
  const value = (first ?? "").split(String.fromCharCode(header.delimiter))[at] ?? "";
  throw new Invalid(
    "bad_time_format",
    `${path}: no time in column "${m.time}" could be read${
      m.timeFormat === undefined ? " as ISO 8601 or epoch seconds" : ` with format ${m.timeFormat}`
    }; give its format, e.g. --mapping "timeFormat=%d/%m/%Y %H:%M"`,
    [{ file: path, line: 2, field: m.time, message: "unreadable time", value }],
  );
}

/** Texts that mean "no value" in the identity columns of AIS CSVs. */
const NO_VALUE = new Set(["", "Unknown", "unknown", "NaN", "nan", "None"]);

function cleanText(text: string | null): string | null {
  return text === null || NO_VALUE.has(text) ? null : text;
}

function positive(text: string | null): number | null {
  const value = numberOfText(cleanText(text) ?? "");
  return value > 0 ? value : null;
}

/** IMO numbers are kept as their digits: `IMO9000002`, `9000002` and `9000002.0` are one. */
function imoOf(text: string | null): string | null {
  const value = Math.round(numberOfText((cleanText(text) ?? "").replace(/^IMO/, "")));
  return value > 0 ? String(value) : null;
}

function shipTypeOf(text: string | null, format: CsvFormatName): number | null {
  if (format === "dma") return DMA_SHIP_TYPES.get(cleanText(text) ?? "") ?? null;
  const value = Math.round(numberOfText(cleanText(text) ?? ""));
  return value > 0 && value < 32768 ? value : null;
}

/**
 * The identity reports to store: each distinct cleaned identity of a vessel, at its first and
 * last report (a NOAA file repeats the static columns on every row: ten million rows, a few
 * thousand identities). Identities that differ only in text cleaned away are one.
 */
function identityReports(raw: readonly RawIdentity[], format: CsvFormatName): IdentityColumns {
  const runs = new Map<
    string,
    { mmsi: number; first: number; last: number; fields: (string | number | null)[] }
  >();
  for (const identity of raw) {
    const [imo, name, callsign, shipType, length, width, draught] = identity.fields;
    const fields = [
      imoOf(imo ?? null),
      cleanText(name ?? null),
      cleanText(callsign ?? null),
      shipTypeOf(shipType ?? null, format),
      positive(length ?? null),
      positive(width ?? null),
      positive(draught ?? null),
    ];
    const key = `${identity.mmsi}${fields.join("")}`;
    const run = runs.get(key);
    if (run === undefined)
      runs.set(key, { mmsi: identity.mmsi, first: identity.first, last: identity.last, fields });
    else {
      run.first = Math.min(run.first, identity.first);
      run.last = Math.max(run.last, identity.last);
    }
  }
  const reports = new IdentityColumns();
  for (const run of runs.values()) {
    addReport(reports, run.mmsi, run.first, run.fields);
    if (run.last > run.first) addReport(reports, run.mmsi, run.last, run.fields);
  }
  return reports;
}

function addReport(
  reports: IdentityColumns,
  mmsi: number,
  time: number,
  fields: readonly (string | number | null)[],
): void {
  const [imo, name, callsign, shipType, length, width, draught] = fields;
  reports.mmsi.push(mmsi);
  reports.time.push(time);
  reports.imo.push(imo as string | null);
  reports.name.push(name as string | null);
  reports.callsign.push(callsign as string | null);
  reports.shipType.push(shipType as number | null);
  reports.length.push(length as number | null);
  reports.width.push(width as number | null);
  reports.draught.push(draught as number | null);
}

/**
 * DMA writes the ship type as words; each maps to the first code of its ITU-R M.1371 table 53
 * range (Tanker → 80), so type filters (tankers are 80–89) work on both sources.
 */
const DMA_SHIP_TYPES: ReadonlyMap<string, number> = new Map(
  Object.entries({
    WIG: 20,
    Fishing: 30,
    Towing: 31,
    "Towing long/wide": 32,
    Dredging: 33,
    Diving: 34,
    Military: 35,
    Sailing: 36,
    Pleasure: 37,
    HSC: 40,
    Pilot: 50,
    SAR: 51,
    Tug: 52,
    "Port tender": 53,
    "Anti-pollution": 54,
    "Law enforcement": 55,
    Medical: 58,
    "Not party to conflict": 59,
    Passenger: 60,
    Cargo: 70,
    Tanker: 80,
    Other: 90,
  }),
);
