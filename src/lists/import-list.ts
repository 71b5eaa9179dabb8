import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import {
  entityStatements,
  Invalid,
  type Issue,
  NotFound,
  type Statement,
  type ValueIssue,
} from "../model/index.js";
import {
  appendAudit,
  applyStaged,
  type Context,
  createStaging,
  createVersion,
  ensureDataset,
  STAGE_CHUNK,
  setVersionCounts,
  stageStatements,
} from "../store/index.js";
import { type ListFormat, SOURCES, type SourceName } from "./format.js";
import { recogniseFormat } from "./formats.js";
import { FileInput, readHead, sha256File } from "./input.js";

export interface ImportRequest {
  /** The list; when omitted, recognised from the file's content. */
  readonly source?: SourceName;
  readonly path: string;
  /** How the file is named in messages and the version record (a URL it came from). */
  readonly label?: string;
  /** Store under this dataset name instead of the source's default. */
  readonly dataset?: string;
  /** Skip records with errors (each reported) instead of failing the whole import. */
  readonly skipInvalid?: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly records: number;
}

export interface ImportResult {
  readonly dataset: string;
  readonly version: number;
  readonly format: string;
  readonly source: string;
  readonly publishedAt: string | undefined;
  readonly records: number;
  readonly entities: number;
  readonly statements: number;
  readonly added: number;
  readonly removed: number;
  /** Records left out under skipInvalid, each with its errors. */
  readonly skipped: readonly Issue[];
  /** Values dropped because they could not be cleaned (an unknown country, say). */
  readonly warnings: readonly Issue[];
  readonly warningCount: number;
}

/** How many errors an import collects before it stops reading and fails. */
const MAX_REPORTED_ERRORS = 50;
const MAX_REPORTED_WARNINGS = 200;

/**
 * Imports a list file as one new version of its dataset, in one transaction with its audit
 * entry: either the whole file is stored or nothing is, and the previous version stays intact.
 * Facts already stored are not stored again; facts absent from the file are closed at this
 * version. Throws Invalid (with every problem found, by file, line and field) for bad input.
 */
export async function importList(ctx: Context, request: ImportRequest): Promise<ImportResult> {
  const label = request.label ?? request.path;
  if (!existsSync(request.path) || !statSync(request.path).isFile()) {
    throw new NotFound("file_not_found", `${label}: no such file`);
  }
  const totalBytes = statSync(request.path).size;
  let bytesRead = 0;
  let records = 0;
  const report = () => request.onProgress?.({ bytesRead, totalBytes, records });
  const input = new FileInput(request.path, label, (n) => {
    bytesRead += n;
  });
  const format = recogniseFormat(await readHead(request.path, label), label, request.source);
  const source = SOURCES[format.source];
  const dataset = request.dataset ?? defaultDataset(format, request.path);
  const contentSha256 = await sha256File(request.path);

  return ctx.db.transaction().execute(async (trx) => {
    await ensureDataset(trx, {
      name: dataset,
      title: source.title,
      publisher: source.publisher,
      url: source.url,
    });
    const importedAt = new Date();
    const version = await createVersion(trx, {
      dataset,
      importedAt,
      importedBy: ctx.actor,
      source: label,
      format: format.id,
      contentSha256,
      publishedAt: undefined,
    });
    await createStaging(trx);

    const errors: Issue[] = [];
    const skipped: Issue[] = [];
    const warnings: Issue[] = [];
    let warningCount = 0;
    let buffer: Statement[] = [];
    for await (const record of format.read(input)) {
      records++;
      if (records % 500 === 0) report();
      const issues: ValueIssue[] = [
        ...(record.issues ?? []),
        ...record.entities.flatMap((e) => e.issues),
      ];
      const recordErrors = issues.filter((issue) => issue.severity === "error");
      for (const warning of issues.filter((issue) => issue.severity === "warning")) {
        warningCount++;
        if (warnings.length < MAX_REPORTED_WARNINGS) warnings.push(stripSeverity(warning));
      }
      if (recordErrors.length > 0) {
        const target = request.skipInvalid === true ? skipped : errors;
        target.push(...recordErrors.map(stripSeverity));
        if (errors.length >= MAX_REPORTED_ERRORS) break;
        continue;
      }
      if (errors.length > 0) continue;
      for (const draft of record.entities)
        buffer.push(...entityStatements(draft.toRecord(), dataset));
      if (buffer.length >= STAGE_CHUNK) {
        await stageStatements(trx, buffer);
        buffer = [];
      }
    }
    report();
    if (errors.length > 0) throw invalidImport(label, errors);
    if (records === 0)
      throw new Invalid("empty_list", `${label}: the file holds no records`, [
        { file: label, message: "no records" },
      ]);
    await stageStatements(trx, buffer);

    const counts = await applyStaged(trx, dataset, version, importedAt);
    const publishedAt = input.published;
    await setVersionCounts(trx, dataset, version, { ...counts, skipped: skipped.length });
    if (publishedAt !== undefined) {
      await trx
        .updateTable("store_dataset_version")
        .set({ published_at: publishedAt })
        .where("dataset", "=", dataset)
        .where("version", "=", version)
        .execute();
    }
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "lists.import",
      subject: `${dataset}@${version}`,
      detail: {
        source: label,
        format: format.id,
        sha256: contentSha256,
        publishedAt,
        ...counts,
        skipped: skipped.length,
      },
    });
    return {
      dataset,
      version,
      format: format.id,
      source: label,
      publishedAt,
      records,
      ...counts,
      skipped,
      warnings,
      warningCount,
    };
  });
}

function defaultDataset(format: ListFormat, path: string): string {
  if (format.source !== "ftm") return SOURCES[format.source].dataset;
  const stem = basename(path).replace(/\.(ftm\.)?jsonl?(\.gz)?$|\.json(\.gz)?$/i, "");
  return stem.replace(/[^A-Za-z0-9_]+/g, "_").toLowerCase() || SOURCES.ftm.dataset;
}

function stripSeverity(issue: ValueIssue): Issue {
  const { severity: _severity, ...rest } = issue;
  return rest;
}

function invalidImport(label: string, errors: readonly Issue[]): Invalid {
  const more =
    errors.length >= MAX_REPORTED_ERRORS ? ` (stopped after ${MAX_REPORTED_ERRORS})` : "";
  return new Invalid(
    "invalid_list",
    `${label}: ${errors.length} invalid record${errors.length === 1 ? "" : "s"}${more}; nothing was imported (use --skip-invalid to import the valid records and report the rest)`,
    errors,
  );
}
