import { rmSync, statSync } from "node:fs";
import { Invalid } from "../../model/index.js";
import { type Context, sqlText } from "../../store/index.js";
import { ensureMaritimeTables } from "../positions.js";
import type { ColumnMapping, CsvFormatName } from "./csv-format.js";
import { readCsv } from "./import-csv.js";
import { readNmea } from "./import-nmea.js";
import type { PositionBatch } from "./position-batch.js";
import { readHead } from "./read-lines.js";
import type { RejectCounts } from "./reject-reasons.js";
import { appendIdentities, createStaging, dropStaging, type IdentityColumns } from "./staging.js";
import { storePositions } from "./store-positions.js";
import { storeReports } from "./store-reports.js";

export type AisFormat = "nmea" | CsvFormatName;

export interface AisImportOptions {
  /** The format of every file; recognised from each file's first lines when absent. */
  readonly format?: AisFormat;
  /** Columns of a generic CSV (fields not given are found by their usual names). */
  readonly mapping?: Partial<ColumnMapping>;
  /** NMEA logs: refuse a position older than the vessel's previous one by more than this (s). */
  readonly maxReorderSeconds?: number;
  readonly onProgress?: (progress: AisImportProgress) => void;
}

export interface AisImportProgress {
  readonly file: string;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface AisFileSummary {
  readonly file: string;
  readonly format: AisFormat;
  /** Lines of an NMEA log, data rows of a CSV. */
  readonly records: number;
  readonly positions: number;
  readonly identityReports: number;
  readonly rejected: RejectCounts;
}

export interface AisImportSummary {
  readonly files: readonly AisFileSummary[];
  readonly positions: number;
  readonly identityReports: number;
  /** Rejections over all files, by reason. */
  readonly rejected: Readonly<Record<string, number>>;
  readonly seconds: number;
}

/** Default tolerance for reordering in NMEA logs: satellite batches arrive minutes late. */
export const DEFAULT_MAX_REORDER_SECONDS = 300;

/**
 * Imports AIS files (NMEA logs, DMA, NOAA or generic CSV, gzip or not) into the columnar
 * store: positions, and identity reports with their spans. Each file is checked whole and then
 * stored in one transaction, so a file that fails (unreadable, a missing column) leaves nothing
 * and the files before it stay imported. Bad records are counted by reason, never stored.
 * Throws Invalid for a file that cannot be read as its format.
 */
export async function importAis(
  ctx: Context,
  files: readonly string[],
  options: AisImportOptions = {},
): Promise<AisImportSummary> {
  const started = performance.now();
  const connection = await ensureMaritimeTables(ctx.columnar);
  // ISO times without an offset are UTC, whatever the machine's zone.
  await connection.run("SET TimeZone = 'UTC'");
  const summaries: AisFileSummary[] = [];
  for (const file of files) summaries.push(await importFile(ctx, file, options));
  const rejected: Record<string, number> = {};
  for (const summary of summaries)
    for (const [reason, entry] of Object.entries(summary.rejected))
      rejected[reason] = (rejected[reason] ?? 0) + (entry?.count ?? 0);
  return {
    files: summaries,
    positions: summaries.reduce((sum, s) => sum + s.positions, 0),
    identityReports: summaries.reduce((sum, s) => sum + s.identityReports, 0),
    rejected,
    seconds: (performance.now() - started) / 1000,
  };
}

async function importFile(
  ctx: Context,
  file: string,
  options: AisImportOptions,
): Promise<AisFileSummary> {
  const totalBytes = sizeOf(file);
  const head = await readHead(file, 1000);
  const format = options.format ?? recognizeFormat(head);
  const connection = await ctx.columnar.connect();
  let bytesRead = 0;
  const onBytes = (bytes: number) => {
    bytesRead += bytes;
    options.onProgress?.({ file, bytesRead, totalBytes });
  };
  const read = await readFile(file, format, totalBytes, head, onBytes, options);
  const storeOptions = {
    maxReorderSeconds:
      format === "nmea" ? (options.maxReorderSeconds ?? DEFAULT_MAX_REORDER_SECONDS) : null,
  };
  const rejected: RejectCounts = { ...read.rejected };
  await createStaging(connection);
  let segment: string | null = null;
  try {
    await connection.run("BEGIN TRANSACTION");
    try {
      const stored = await storePositions(ctx.columnar, read.batches, storeOptions, rejected);
      const positions = stored.positions;
      segment = stored.segment;
      await appendIdentities(connection, read.reports);
      const reports = await storeReports(connection);
      await connection.run(
        `INSERT INTO maritime_import VALUES (${sqlText(file)}, ${sqlText(read.format)}, now(), ${positions}, ${sqlText(JSON.stringify(rejected))})`,
      );
      await connection.run("COMMIT");
      return {
        file,
        format: read.format,
        records: read.records,
        positions,
        identityReports: reports,
        rejected,
      };
    } catch (error) {
      await connection.run("ROLLBACK");
      if (segment !== null) rmSync(segment, { force: true });
      throw error;
    }
  } finally {
    await dropStaging(connection);
  }
}

/** A file read whole, before anything of it is stored. */
interface FileRead {
  readonly format: AisFormat;
  /** Lines of an NMEA log, data rows of a CSV. */
  readonly records: number;
  readonly batches: readonly PositionBatch[];
  readonly reports: IdentityColumns;
  /** What reading refused already (NMEA sentences; a CSV's refusals are in its batches). */
  readonly rejected: RejectCounts;
}

async function readFile(
  file: string,
  format: AisFormat,
  size: number,
  head: readonly string[],
  onBytes: (bytes: number) => void,
  options: AisImportOptions,
): Promise<FileRead> {
  if (format === "nmea") {
    const nmea = await readNmea(file, onBytes);
    return {
      format,
      records: nmea.lines,
      batches: [nmea.positions],
      reports: nmea.reports,
      rejected: nmea.rejected,
    };
  }
  const requested = options.format === undefined ? undefined : format;
  const csv = await readCsv(file, size, head, onBytes, requested, options.mapping);
  return {
    format: csv.format.name,
    records: csv.rows,
    batches: csv.batches,
    reports: csv.reports,
    rejected: {},
  };
}

/**
 * NMEA when the first line that is neither blank nor a `#` comment is a sentence or a tag
 * block; else a CSV, whose flavour its header decides (see csv-format.ts). DMA's header
 * itself starts with `# Timestamp`, so comments alone do not make a log.
 */
export function recognizeFormat(head: readonly string[]): AisFormat {
  const first = head.find((line) => line.trim() !== "" && !line.startsWith("#"));
  if (first === undefined) return "nmea";
  return /^[!$\\]/.test(first.trim()) ? "nmea" : "generic";
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    throw new Invalid("not_found", `${file}: no such file`, [{ file, message: "no such file" }]);
  }
}
