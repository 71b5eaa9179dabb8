import type { Command } from "commander";
import type {
  AisFormat,
  AisImportSummary,
  CompactSummary,
  DecodedItem,
  RejectReason,
} from "../../maritime/index.js";
import { type Config, Invalid } from "../../model/index.js";
import { withContext } from "../context.js";
import type { Output } from "../output.js";
import { table } from "../output.js";
import { makeProgress } from "../progress.js";

const FORMATS: readonly AisFormat[] = ["nmea", "dma", "noaa", "generic"];

interface ImportOptions {
  readonly format?: string;
  readonly mapping?: string;
  readonly maxReorder?: string;
}

/** Adds `cordon ais decode|import`; returns the `ais` group so other commands can join it. */
export function registerAisCommands(
  program: Command,
  config: Config,
  output: () => Output,
): Command {
  const ais = program.command("ais").description("AIS: decode NMEA, import positions, detect");

  ais
    .command("decode")
    .description("decode an NMEA log (gzip too): one message per line (--json), libais field names")
    .argument("<file>", "NMEA 0183 log: !AIVDM/!AIVDO, tag blocks, $PGHP")
    .option("--stats", "only count messages by type and rejections by reason")
    .action(async (file: string, options: { stats?: boolean }) => {
      await decodeFile(output(), file, options.stats === true);
    });

  ais
    .command("import")
    .description("import AIS files: NMEA logs, DMA, NOAA (MarineCadastre) or generic CSV, gzip too")
    .argument("<files...>", "the files; each format is recognised from its first lines")
    .option("--format <format>", `force the format (${FORMATS.join(", ")})`)
    .option(
      "--mapping <pairs>",
      "generic CSV columns: mmsi=ID,time=ts,lat=y,lon=x[,sog=..,timeFormat=..]",
    )
    .option(
      "--max-reorder <seconds>",
      "NMEA: refuse positions older than the vessel's previous by more",
      "300",
    )
    .action(async (files: string[], options: ImportOptions) => {
      const out = output();
      // Loaded here: the import's modules (and the store's) are not every command's.
      const { importAis, parseMapping, REJECT_REASONS } = await import(
        "../../maritime/import/index.js"
      );
      const format = parseFormat(options.format);
      const mapping = options.mapping === undefined ? undefined : parseMapping(options.mapping);
      const maxReorder = Number(options.maxReorder ?? "300");
      if (!Number.isFinite(maxReorder) || maxReorder < 0)
        throw new Invalid("usage", `--max-reorder takes seconds, not "${options.maxReorder}"`);
      const progress = makeProgress("importing AIS");
      const summary = await withContext(config, (ctx) =>
        importAis(ctx, files, {
          ...(format === undefined ? {} : { format }),
          ...(mapping === undefined ? {} : { mapping }),
          maxReorderSeconds: maxReorder,
          onProgress: (p) =>
            progress.update(p.bytesRead, p.totalBytes, `${p.file} ${formatMiB(p.bytesRead)}`),
        }),
      ).finally(() => progress.stop());
      out.result(summary, () => describeImport(summary, REJECT_REASONS));
    });
  ais
    .command("compact")
    .description(
      "rewrite the stored positions as one sorted, compressed segment (after many imports)",
    )
    .action(async () => {
      const out = output();
      const { compactPositions } = await import("../../maritime/index.js");
      const summary = await withContext(config, (ctx) => compactPositions(ctx.columnar));
      out.result(summary, () => describeCompact(summary));
    });
  return ais;
}

function describeCompact(summary: CompactSummary): string {
  const strays =
    summary.strayFiles > 0 ? `; ${summary.strayFiles} unlisted segment files removed` : "";
  if (summary.segmentsBefore === 0) return `no positions stored${strays}`;
  return `${summary.positions.toLocaleString("en-US")} positions: ${summary.segmentsBefore} segment${summary.segmentsBefore === 1 ? "" : "s"}, ${formatMiB(summary.bytesBefore)} -> 1 segment, ${formatMiB(summary.bytesAfter)}${strays}`;
}

async function decodeFile(out: Output, file: string, statsOnly: boolean): Promise<void> {
  const { NmeaDecoder, pushNmeaFile } = await import("../../maritime/ais/index.js");
  const types = new Map<number, number>();
  const rejected = new Map<string, number>();
  let pending = "";
  let shown = 0;
  const decoder = new NmeaDecoder((item: DecodedItem) => {
    if (item.kind === "rejected") {
      rejected.set(item.reason, (rejected.get(item.reason) ?? 0) + 1);
      if (!statsOnly && shown++ < 20)
        out.note(`${file}:${item.line}: ${item.reason}: ${item.text}`);
      return;
    }
    const message = item.message;
    types.set(message.id, (types.get(message.id) ?? 0) + 1);
    if (statsOnly) return;
    // The message's own fields first, as libais prints them, then where and when it was heard.
    pending += out.json
      ? `${JSON.stringify(message).slice(0, -1)},"line":${item.line},"time":${item.time},"station":${JSON.stringify(item.station)},"channel":${JSON.stringify(item.channel)},"talker":${JSON.stringify(item.talker)}}\n`
      : `${item.line}\ttype ${message.id}\t${message.mmsi}\t${describeMessage(message)}\n`;
  });
  for await (const _ of pushNmeaFile(decoder, file)) {
    await write(pending);
    pending = "";
  }
  decoder.finish();
  await write(pending);
  const counts = {
    messages: Object.fromEntries([...types].sort((a, b) => a[0] - b[0])),
    rejected: Object.fromEntries(rejected),
  };
  if (statsOnly) out.result(counts, () => JSON.stringify(counts, null, 2));
  else
    out.note(
      `${[...types.values()].reduce((a, b) => a + b, 0)} messages; rejected: ${
        [...rejected].map(([r, n]) => `${r} ${n}`).join(", ") || "none"
      }`,
    );
}

function describeMessage(message: object): string {
  const m = message as Record<string, unknown>;
  if ("lat" in m) return `${Number(m.lat).toFixed(5)} ${Number(m.lon).toFixed(5)}`;
  if ("name" in m) return String(m.name);
  return "raw" in m ? `raw ${String(m.raw)}` : "";
}

/** Writes to stdout and waits when the pipe is full, so a large decode does not pile up. */
function write(text: string): Promise<void> {
  if (text === "") return Promise.resolve();
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

function describeImport(
  summary: AisImportSummary,
  meanings: Readonly<Record<RejectReason, string>>,
): string {
  const rows = summary.files.map((f) => [
    f.file,
    f.format,
    f.records,
    f.positions,
    f.identityReports,
    Object.values(f.rejected).reduce((sum, e) => sum + (e?.count ?? 0), 0),
  ]);
  const reasons = Object.entries(summary.rejected).map(([reason, count]) => {
    const firsts = summary.files
      .map((f) => ({ file: f.file, entry: f.rejected[reason as RejectReason] }))
      .filter((x) => x.entry !== undefined)
      .map((x) => `${x.file}:${x.entry?.firstLine}`);
    return [reason, count, meanings[reason as RejectReason] ?? "", firsts[0] ?? ""];
  });
  const rate = summary.seconds > 0 ? Math.round(summary.positions / summary.seconds) : 0;
  return [
    table(["FILE", "FORMAT", "RECORDS", "POSITIONS", "IDENTITY REPORTS", "REJECTED"], rows),
    "",
    `${summary.positions.toLocaleString("en")} positions stored in ${summary.seconds.toFixed(1)} s (${rate.toLocaleString("en")}/s)`,
    reasons.length === 0
      ? "rejected: none"
      : `rejected by reason:\n${table(["REASON", "COUNT", "MEANING", "FIRST AT"], reasons)}`,
  ].join("\n");
}

function parseFormat(text: string | undefined): AisFormat | undefined {
  if (text === undefined) return undefined;
  if (!(FORMATS as readonly string[]).includes(text))
    throw new Invalid(
      "usage",
      `unknown --format "${text}" (expected one of: ${FORMATS.join(", ")})`,
    );
  return text as AisFormat;
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}
