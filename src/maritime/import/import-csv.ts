import type { DuckDBConnection } from "@duckdb/node-api";
import { Invalid } from "../../model/index.js";
import { IDENTITY_FIELDS } from "../identity.js";
import {
  type ColumnMapping,
  type CsvFormat,
  type CsvFormatName,
  recognizeCsv,
} from "./csv-format.js";
import { EARLIEST_TIME } from "./import-nmea.js";
import { isGzip } from "./read-lines.js";
import {
  IDENTITY_COLUMNS,
  POSITION_COLUMNS,
  STAGED_IDENTITIES,
  STAGED_POSITIONS,
} from "./staging.js";

/**
 * CSV is read by DuckDB's own reader (read_csv: multi-threaded C++, gzip, delimiter sniffing)
 * straight into the staging tables: a JavaScript CSV parser would be the bottleneck of a
 * 10-million-row import. Every column is read as text and converted with TRY_CAST, so a bad
 * value becomes a counted rejection of its row, never a failed file. Rows are staged in file
 * order with no line number (see STAGED_LINES): a row_number() window kept the positions pass
 * on one core (12 s for ten million rows; 3.5 s on two without it and with cheaper casts).
 */
export async function stageCsv(
  connection: DuckDBConnection,
  path: string,
  requested?: CsvFormatName,
  mapping?: Partial<ColumnMapping>,
): Promise<{ format: CsvFormat; rows: number }> {
  const source = `read_csv(${quote(path)}, header = true, all_varchar = true${
    (await isGzip(path)) ? ", compression = 'gzip'" : ""
  })`;
  const columns = await describe(connection, path, source);
  const format = recognizeCsv(path, columns, requested, mapping);
  const m = format.mapping;
  const col = (name: string | undefined) => (name === undefined ? "NULL" : `trim(${ident(name)})`);
  const num = (name: string | undefined) => numberExpression(name);
  const text = (name: string | undefined) =>
    `CASE WHEN ${col(name)} IN ('', 'Unknown', 'unknown', 'NaN', 'nan', 'None') THEN NULL ELSE ${col(name)} END`;
  const latest = Math.floor(Date.now() / 1000) + 86400;
  const wrap = async <T>(work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      throw invalidCsv(path, error);
    }
  };
  const mmsi = `TRY_CAST(${num(m.mmsi)} AS BIGINT)`;
  const time = timeExpression(m.time, m.timeFormat);
  const notVessel =
    format.name === "dma"
      ? `coalesce(${col("Type of mobile")} IN ('Base Station', 'AtoN'), false)`
      : "false";
  // Two passes over the file, each reading only its columns, cost less than one pass that
  // keeps every column as text in a table (3 s for a million NOAA rows); keeping only the
  // static columns beside the positions still cost more CPU (15.5 s against 14.6 s for ten
  // million rows) and 0.8 GB more memory.
  await wrap(() =>
    connection.run(`
    INSERT INTO ${STAGED_POSITIONS} (${POSITION_COLUMNS})
    SELECT NULL, mmsi, time, lat, lon,
      CASE WHEN sog >= 0 AND sog < 102.3 THEN sog END,
      CASE WHEN cog >= 0 AND cog < 360 THEN cog END,
      CASE WHEN heading >= 0 AND heading < 360 THEN heading END,
      CASE
        WHEN not_vessel THEN 'not_a_vessel'
        WHEN mmsi IS NULL OR mmsi < 1 OR mmsi > 999999999 THEN 'bad_mmsi'
        WHEN time IS NULL OR time < ${EARLIEST_TIME} OR time > ${latest} THEN 'bad_timestamp'
        WHEN lat IS NULL OR lon IS NULL OR isnan(lat) OR isnan(lon) THEN 'bad_value'
        WHEN lat = 91 OR lon = 181 THEN 'position_unavailable'
        WHEN abs(lat) > 90 OR abs(lon) > 180 THEN 'impossible_coordinates'
      END
    FROM (
      SELECT ${mmsi} AS mmsi, ${time} AS time,
        ${num(m.lat)} AS lat, ${num(m.lon)} AS lon,
        ${num(m.sog)} AS sog, ${num(m.cog)} AS cog, ${num(m.heading)} AS heading,
        ${notVessel} AS not_vessel
      FROM ${source}
    )`),
  );
  // The static columns repeat on every row: they are grouped as read (ten million rows, a
  // few thousand distinct values) and cleaned after, on the groups, where cleaning each row
  // took most of this pass. Rows that are no report (not a vessel, no MMSI or time) are left
  // out by FILTER rather than WHERE, which DuckDB would evaluate with the time twice. The
  // static columns are renamed static_0… so that no CSV column name meets a name used here.
  const staticNames = [
    ...new Set(
      [m.imo, m.name, m.callsign, m.shipType, m.length, m.width, m.draught].filter(
        (c): c is string => c !== undefined,
      ),
    ),
  ];
  const staticAlias = (name: string | undefined) =>
    name === undefined ? undefined : `static_${staticNames.indexOf(name)}`;
  const selectStatic = staticNames.map((c, i) => `, ${ident(c)} AS static_${i}`).join("");
  const groupedStatic = staticNames.map((_, i) => `, static_${i}`).join("");
  await wrap(() =>
    connection.run(`
    INSERT INTO ${STAGED_IDENTITIES} (${IDENTITY_COLUMNS})
    WITH csv_rows AS (
      SELECT mmsi, time${groupedStatic},
        NOT not_vessel AND mmsi BETWEEN 1 AND 999999999
          AND time BETWEEN ${EARLIEST_TIME} AND ${latest} AS valid
      FROM (
        SELECT ${mmsi} AS mmsi, ${time} AS time, ${notVessel} AS not_vessel${selectStatic}
        FROM ${source}
      )
    ),
    grouped AS (
      SELECT mmsi, min(time) FILTER (WHERE valid) AS first, max(time) FILTER (WHERE valid) AS last
        ${groupedStatic}
      FROM csv_rows GROUP BY ALL HAVING bool_or(valid)
    ),
    reports AS (
      SELECT mmsi, first, last,
        CASE WHEN TRY_CAST(imo_text AS BIGINT) > 0 THEN TRY_CAST(TRY_CAST(imo_text AS BIGINT) AS VARCHAR) END AS imo,
        name, callsign,
        CASE WHEN ship_type > 0 THEN ship_type END AS ship_type,
        CASE WHEN length > 0 THEN length END AS length, CASE WHEN width > 0 THEN width END AS width,
        CASE WHEN draught > 0 THEN draught END AS draught
      FROM (
        SELECT mmsi, first, last,
          regexp_replace(${text(staticAlias(m.imo))}, '^IMO', '') AS imo_text,
          ${text(staticAlias(m.name))} AS name, ${text(staticAlias(m.callsign))} AS callsign,
          ${format.name === "dma" ? dmaShipType(col(staticAlias(m.shipType))) : `TRY_CAST(${num(staticAlias(m.shipType))} AS SMALLINT)`} AS ship_type,
          ${num(staticAlias(m.length))} AS length, ${num(staticAlias(m.width))} AS width,
          ${num(staticAlias(m.draught))} AS draught
        FROM grouped
      )
    ),
    -- Only the first and last report of each distinct identity matter (see store-staged.ts):
    -- grouping here keeps a million repeated static columns out of the staging table.
    runs AS MATERIALIZED (
      SELECT mmsi, min(first) AS first, max(last) AS last, ${IDENTITY_FIELDS.join(", ")}
      FROM reports GROUP BY mmsi, ${IDENTITY_FIELDS.join(", ")}
    )
    SELECT mmsi, first, ${IDENTITY_FIELDS.join(", ")} FROM runs
    UNION ALL SELECT mmsi, last, ${IDENTITY_FIELDS.join(", ")} FROM runs WHERE last > first`),
  );
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::DOUBLE, count(*) FILTER (WHERE reason = 'bad_timestamp')::DOUBLE
     FROM ${STAGED_POSITIONS}`,
  );
  const [rows, badTimes] = (reader.getRows()[0] ?? [0, 0]).map(Number) as [number, number];
  if (rows > 0 && badTimes === rows) await throwUnreadableTimes(connection, path, source, m);
  return { format, rows };
}

/** No row's time could be read: the column or its format is wrong, not the data. */
async function throwUnreadableTimes(
  connection: DuckDBConnection,
  path: string,
  source: string,
  m: ColumnMapping,
): Promise<never> {
  const sample = await connection.runAndReadAll(
    `SELECT ${ident(m.time)} FROM ${source} WHERE ${ident(m.time)} IS NOT NULL LIMIT 1`,
  );
  const value = String(sample.getRows()[0]?.[0] ?? "");
  throw new Invalid(
    "bad_time_format",
    `${path}: no time in column "${m.time}" could be read${
      m.timeFormat === undefined ? " as ISO 8601 or epoch seconds" : ` with format ${m.timeFormat}`
    }; give its format, e.g. --mapping "timeFormat=%d/%m/%Y %H:%M"`,
    [{ file: path, line: 2, field: m.time, message: "unreadable time", value }],
  );
}

async function describe(connection: DuckDBConnection, path: string, source: string) {
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    return reader.getRows().map((row) => String(row[0]));
  } catch (error) {
    throw invalidCsv(path, error);
  }
}

/**
 * A number from a text column, as TRY_CAST of the trimmed text. The cast skips ASCII blanks
 * itself, so the trimmed copy (a new string a row) is made only where it fails; trim also
 * removes other blanks (a no-break space), hence the second try.
 */
function numberExpression(name: string | undefined): string {
  if (name === undefined) return "TRY_CAST(NULL AS DOUBLE)";
  const column = ident(name);
  return `coalesce(TRY_CAST(${column} AS DOUBLE), TRY_CAST(trim(${column}) AS DOUBLE))`;
}

/**
 * Epoch seconds from a time column: a strptime format when given; else numbers are epoch
 * seconds (milliseconds above 1e11) and text is ISO 8601 (UTC unless it carries an offset).
 * Text with a dash cannot be a number: it is cast straight away, without the pattern test
 * (a regular expression a row, the dearest part of reading a NOAA file's times).
 */
function timeExpression(name: string, format: string | undefined): string {
  const raw = ident(name);
  const column = `trim(${raw})`;
  if (format !== undefined) return `epoch(try_strptime(${column}, ${quote(format)}))`;
  return `CASE WHEN contains(${raw}, '-')
      THEN epoch(coalesce(TRY_CAST(${raw} AS TIMESTAMPTZ), TRY_CAST(${column} AS TIMESTAMPTZ)))
    WHEN regexp_full_match(${column}, '[0-9]+(\\.[0-9]+)?')
      THEN (CASE WHEN TRY_CAST(${column} AS DOUBLE) > 1e11 THEN TRY_CAST(${column} AS DOUBLE) / 1000
            ELSE TRY_CAST(${column} AS DOUBLE) END)
      ELSE epoch(TRY_CAST(${column} AS TIMESTAMPTZ)) END`;
}

/**
 * DMA writes the ship type as words; each maps to the first code of its ITU-R M.1371 table 53
 * range (Tanker → 80), so type filters (tankers are 80–89) work on both sources.
 */
function dmaShipType(column: string): string {
  const codes: Record<string, number> = {
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
  };
  const cases = Object.entries(codes)
    .map(([name, code]) => `WHEN ${quote(name)} THEN ${code}`)
    .join(" ");
  return `CAST(CASE ${column} ${cases} END AS SMALLINT)`;
}

function invalidCsv(path: string, error: unknown): Invalid {
  if (error instanceof Invalid) return error;
  const message = error instanceof Error ? error.message : String(error);
  const line = /line (\d+)/i.exec(message)?.[1];
  return new Invalid("bad_csv", `${path}: not a readable CSV file`, [
    {
      file: path,
      ...(line === undefined ? {} : { line: Number(line) }),
      message: message.split("\n")[0] ?? message,
    },
  ]);
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
