import { rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import {
  diffVersions,
  fetchList,
  getVersions,
  type ImportResult,
  importList,
  type ListDiff,
  SOURCE_NAMES,
  SOURCES,
  type SourceName,
} from "../../lists/index.js";
import { type Config, formatIssue, Invalid } from "../../model/index.js";
import { withContext } from "../context.js";
import type { Output } from "../output.js";
import { table } from "../output.js";
import { makeProgress } from "../progress.js";

interface ImportOptions {
  readonly file?: string;
  readonly url?: string;
  readonly dataset?: string;
  readonly skipInvalid?: boolean;
}

export function registerListCommands(program: Command, config: Config, output: () => Output): void {
  const lists = program.command("lists").description("designation lists: import, versions, diff");

  lists
    .command("import")
    .description(`import a list file as a new dataset version (SOURCE: ${SOURCE_NAMES.join(", ")})`)
    .argument("[source]", "which list; with --file alone it is recognised from the content")
    .option("--file <path>", "a local list file (gzip and bzip2 are read as they are)")
    .option("--url <url>", "download from this URL (default: the publisher's official URL)")
    .option("--dataset <name>", "store under this dataset name instead of the source's")
    .option("--skip-invalid", "import the valid records and report each invalid one")
    .action(async (source: string | undefined, options: ImportOptions) => {
      const out = output();
      const parsed = parseSource(source);
      if (options.file !== undefined && options.url !== undefined)
        throw usage("give --file or --url, not both");
      if (options.file === undefined && parsed === undefined)
        throw usage("name a SOURCE, or give --file to recognise it");
      const url =
        options.file === undefined ? (options.url ?? SOURCES[parsed as SourceName].url) : undefined;
      if (url !== undefined) out.note(`downloading ${url}`);
      const path = options.file ?? (await fetchList(url ?? ""));
      const progress = makeProgress(`importing ${options.file ?? url}`);
      const result = await withContext(config, (ctx) =>
        importList(ctx, {
          path,
          ...(url === undefined ? {} : { label: url }),
          ...(parsed === undefined ? {} : { source: parsed }),
          ...(options.dataset === undefined ? {} : { dataset: options.dataset }),
          skipInvalid: options.skipInvalid === true,
          onProgress: (p) =>
            progress.update(p.bytesRead, p.totalBytes, `${p.records.toLocaleString("en")} records`),
        }),
      ).finally(() => {
        progress.stop();
        // A download is a temporary copy: the version records its URL and SHA-256.
        if (url !== undefined) rmSync(dirname(path), { recursive: true, force: true });
      });
      for (const issue of result.skipped) out.note(`skipped: ${formatIssue(issue)}`);
      for (const issue of result.warnings.slice(0, 20)) out.note(`warning: ${formatIssue(issue)}`);
      if (result.warningCount > 20)
        out.note(`... and ${result.warningCount - 20} more warnings (values dropped)`);
      out.result(result, () => describeImport(result));
    });

  lists
    .command("versions")
    .description("the versions of each dataset, newest first")
    .argument("[dataset]", "only this dataset")
    .action(async (dataset: string | undefined) => {
      const out = output();
      const versions = await withContext(config, (ctx) => getVersions(ctx, dataset));
      if (out.json) {
        for (const v of versions) out.result(v, () => "");
        return;
      }
      out.info(
        table(
          [
            "DATASET",
            "VERSION",
            "IMPORTED",
            "PUBLISHED",
            "ENTITIES",
            "STATEMENTS",
            "ADDED",
            "REMOVED",
            "FORMAT",
            "SOURCE",
          ],
          versions.map((v) => [
            v.dataset,
            v.version,
            new Date(v.imported_at).toISOString().slice(0, 19).replace("T", " "),
            v.published_at,
            v.entity_count,
            v.statement_count,
            v.added_count,
            v.removed_count,
            v.format,
            v.source,
          ]),
        ),
      );
    });

  lists
    .command("diff")
    .description("designations added, removed and changed between two versions of a dataset")
    .argument("<dataset>", "the dataset, e.g. us_ofac_sdn")
    .option("--from <version>", "the older version (default: the one before --to)", parseVersion)
    .option("--to <version>", "the newer version (default: the latest)", parseVersion)
    .option("--program <text>", "only designations under a program containing this text, e.g. DPRK")
    .action(async (dataset: string, options: { from?: number; to?: number; program?: string }) => {
      const out = output();
      const diff = await withContext(config, (ctx) => diffVersions(ctx, { dataset, ...options }));
      if (out.json) {
        for (const entry of diff.added) out.result({ change: "added", ...entry }, () => "");
        for (const entry of diff.removed) out.result({ change: "removed", ...entry }, () => "");
        for (const entry of diff.changed) out.result({ change: "changed", ...entry }, () => "");
        return;
      }
      out.info(describeDiff(diff));
    });
}

function parseSource(source: string | undefined): SourceName | undefined {
  if (source === undefined) return undefined;
  if (!(SOURCE_NAMES as readonly string[]).includes(source))
    throw usage(`unknown source "${source}" (expected one of: ${SOURCE_NAMES.join(", ")})`);
  return source as SourceName;
}

function parseVersion(text: string): number {
  const version = Number.parseInt(text, 10);
  if (!/^\d+$/.test(text) || version < 1)
    throw usage(`a version is a positive number, not "${text}"`);
  return version;
}

function usage(message: string): Invalid {
  return new Invalid("usage", message);
}

const n = (value: number) => value.toLocaleString("en");

function describeImport(result: ImportResult): string {
  const published = result.publishedAt === undefined ? "" : `, published ${result.publishedAt}`;
  const lines = [
    `Imported ${result.dataset} version ${result.version} from ${result.source} (${result.format}${published})`,
    `  ${n(result.records)} records, ${n(result.entities)} entities, ${n(result.statements)} statements`,
    `  ${n(result.added)} new facts, ${n(result.removed)} facts no longer listed${result.added === 0 && result.removed === 0 ? " (no change)" : ""}`,
  ];
  if (result.skipped.length > 0)
    lines.push(`  ${n(result.skipped.length)} problems in skipped records (listed above)`);
  if (result.warningCount > 0)
    lines.push(`  ${n(result.warningCount)} values dropped with a warning`);
  return lines.join("\n");
}

function describeDiff(diff: ListDiff): string {
  const head = `${diff.dataset}: version ${diff.from.version} (${diff.from.published_at ?? diff.from.source}) → version ${diff.to.version} (${diff.to.published_at ?? diff.to.source})`;
  const entry = (e: { id: string; schema: string; caption: string; programs: readonly string[] }) =>
    `  ${e.caption}  [${e.schema}, ${e.id}${e.programs.length > 0 ? `, ${e.programs.join(" ")}` : ""}]`;
  const lines = [
    head,
    "",
    `Added (${diff.added.length})`,
    ...diff.added.map(entry),
    "",
    `Removed (${diff.removed.length})`,
    ...diff.removed.map(entry),
    "",
    `Changed (${diff.changed.length})`,
  ];
  for (const changed of diff.changed) {
    lines.push(entry(changed));
    for (const [prop, change] of Object.entries(changed.properties)) {
      for (const value of change.removed) lines.push(`      - ${prop}: ${value}`);
      for (const value of change.added) lines.push(`      + ${prop}: ${value}`);
    }
  }
  return lines.join("\n");
}
