import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  exposureOf,
  generateScenario,
  getTrace,
  importLabels,
  importTransfers,
  listTraces,
  loadDemoScenario,
  METHODS,
  type Method,
  parseAssetDeclarations,
  parseMapping,
  parseSeeds,
  type TraceRequest,
  toCytoscape,
  toGraphMl,
  toStixBundle,
  traceFunds,
  writeScenarioFiles,
} from "../../chain/index.js";
import { type Config, formatIssue, Invalid } from "../../model/index.js";
import { withContext } from "../context.js";
import { type Output, table } from "../output.js";

interface TraceFlags {
  readonly seeds: string;
  readonly method: string;
  readonly maxHops?: number;
  readonly from?: string;
  readonly to?: string;
  readonly minAmount?: string;
  readonly services?: string;
  readonly asset?: string[];
  readonly declare?: string[];
}

function usage(message: string): Invalid {
  return new Invalid("usage", message);
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw usage(`${value} is not a whole number`);
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A seed list: a file of addresses (one a line, or CSV with an address column) or a comma list. */
function readSeeds(arg: string): string[] {
  if (existsSync(arg))
    return parseSeeds(
      readFileSync(arg, "utf8")
        .split(/\r?\n/)
        .map((l) => l.split(",")[0] ?? "")
        .join("\n"),
      arg,
    );
  return parseSeeds(arg, "--seeds");
}

function traceRequest(flags: TraceFlags): TraceRequest {
  if (!METHODS.includes(flags.method as Method))
    throw usage(`--method must be one of ${METHODS.join(", ")}`);
  return {
    seeds: readSeeds(flags.seeds),
    method: flags.method as Method,
    ...(flags.maxHops === undefined ? {} : { maxHops: flags.maxHops }),
    ...(flags.from === undefined ? {} : { from: flags.from }),
    ...(flags.to === undefined ? {} : { to: flags.to }),
    ...(flags.minAmount === undefined ? {} : { minAmount: flags.minAmount }),
    ...(flags.services === undefined
      ? {}
      : { serviceCategories: flags.services.split(",").map((s) => s.trim().toLowerCase()) }),
    ...(flags.asset === undefined ? {} : { assets: flags.asset.map((a) => a.toUpperCase()) }),
  };
}

function traceOptions(command: Command): Command {
  return command
    .option("--max-hops <n>", "follow at most this many hops from a seed", parseCount)
    .option("--from <time>", "taint what seeds receive from this time (ISO 8601 or Unix seconds)")
    .option("--to <time>", "read transfers up to this time")
    .option("--min-amount <decimal>", "ignore transfers below this amount (in each asset's units)")
    .option(
      "--services <categories>",
      "label categories not followed (default exchange,otc,bridge,mixer)",
    )
    .option("--asset <symbol>", "trace only this asset (repeatable)", collect)
    .option(
      "--declare <symbol:decimals>",
      "an asset not built in, e.g. HACKER:18 (repeatable)",
      collect,
    );
}

/** `cordon chain …`: transfers and labels in, traces, exposure and exports out. */
export function registerChainCommands(
  program: Command,
  config: Config,
  output: () => Output,
): void {
  const chain = program
    .command("chain")
    .description("blockchain transfers, fund tracing, exposure");

  chain
    .command("import <file>")
    .description(
      "import transfers from CSV (tx,time,from,to,asset,amount; explorer exports; or --map)",
    )
    .option(
      "--map <spec>",
      "columns for another layout: time=COL,from=COL,to=COL,amount=COL[,tx=COL,asset=COL]",
    )
    .option("--asset <symbol>", "the asset of every row when the file has no asset column")
    .option("--declare <symbol:decimals>", "an asset not built in (repeatable)", collect)
    .action(async (file: string, flags: { map?: string; asset?: string; declare?: string[] }) => {
      const out = output();
      const result = await withContext(config, (ctx) =>
        importTransfers(ctx, {
          path: file,
          declared: parseAssetDeclarations(flags.declare ?? []),
          ...(flags.map === undefined ? {} : { mapping: parseMapping(flags.map) }),
          ...(flags.asset === undefined ? {} : { asset: flags.asset }),
        }),
      );
      for (const d of result.duplicates.slice(0, 20)) out.note(`duplicate: ${formatIssue(d)}`);
      out.result(
        {
          ...result,
          duplicates: result.duplicates.length,
          duplicate_lines: result.duplicates.map((d) => d.line),
        },
        () =>
          `${result.file} (${result.format}): ${result.rows} rows, ${result.added} transfers added, ${result.duplicates.length} duplicate rows, ${result.alreadyStored} already stored, ${result.failedTx} failed transactions skipped`,
      );
    });

  chain
    .command("labels")
    .description("address labels")
    .command("import <file>")
    .description("import address labels (address,label,category,source)")
    .action(async (file: string) => {
      const out = output();
      const result = await withContext(config, (ctx) => importLabels(ctx, file));
      out.result(result, () => `${result.file}: ${result.rows} labels, ${result.added} new`);
    });

  traceOptions(
    chain
      .command("trace")
      .description(
        "trace funds forward from seed addresses; --json gives one line per reached address and a summary line",
      )
      .requiredOption(
        "--seeds <file-or-list>",
        "seed addresses: a file (one a line) or a comma-separated list",
      )
      .requiredOption("--method <method>", "poison, haircut or fifo"),
  ).action(async (flags: TraceFlags) => {
    const out = output();
    const request = traceRequest(flags);
    const result = await withContext(config, (ctx) =>
      traceFunds(ctx, request, parseAssetDeclarations(flags.declare ?? [])),
    );
    if (out.json) {
      out.jsonLines(result.addresses);
      out.result(result.summary, () => "");
      return;
    }
    out.info(
      table(
        ["HOPS", "ADDRESS", "ASSET", "TAINTED", "RECEIVED", "LABELS"],
        result.addresses
          .slice(0, 200)
          .map((a) => [
            a.hops,
            a.address + (a.lookalike_of === undefined ? "" : " (look-alike)"),
            a.asset,
            a.tainted,
            a.received,
            a.labels.join("; "),
          ]),
      ),
    );
    out.info(
      `trace ${result.id}: ${result.summary.reached} addresses reached (${result.addresses.length > 200 ? "first 200 shown; " : ""}by hops ${JSON.stringify(result.summary.by_hops)}), ${result.summary.services.length} service labels, ${result.summary.designated.length} designated, ${result.summary.lookalikes.length} look-alikes`,
    );
  });

  traceOptions(
    chain
      .command("exposure")
      .description("how much of what reached ADDRESSES came from the seeds, by method and hops")
      .requiredOption(
        "--addresses <file-or-list>",
        "the addresses (an exchange's deposit addresses)",
      )
      .option(
        "--seeds <file-or-list>",
        "seed addresses (or --trace ID to reuse a saved trace's seeds)",
      )
      .option("--trace <id>", "a saved trace whose request gives the seeds and filters")
      .option("--methods <list>", "methods to compare (default poison,haircut,fifo)"),
  ).action(
    async (
      flags: Omit<TraceFlags, "method" | "seeds"> & {
        addresses: string;
        seeds?: string;
        trace?: string;
        methods?: string;
      },
    ) => {
      const out = output();
      const methods = (flags.methods ?? METHODS.join(","))
        .split(",")
        .map((m) => m.trim()) as Method[];
      if (methods.some((m) => !METHODS.includes(m)))
        throw usage(`--methods must be drawn from ${METHODS.join(", ")}`);
      const result = await withContext(config, async (ctx) => {
        const base =
          flags.trace !== undefined
            ? (await getTrace(ctx, flags.trace)).request
            : flags.seeds !== undefined
              ? traceRequest({ ...flags, seeds: flags.seeds, method: "haircut" })
              : undefined;
        if (base === undefined) throw usage("give --seeds or --trace");
        const { method: _, ...rest } = base;
        return exposureOf(
          ctx,
          { ...rest, addresses: readSeeds(flags.addresses), methods },
          parseAssetDeclarations(flags.declare ?? []),
        );
      });
      if (out.json) {
        for (const row of result.rows) out.result(row, () => "");
        out.result(result.summary, () => "");
        return;
      }
      out.info(
        table(
          ["METHOD", "ADDRESS", "ASSET", "TAINTED", "RECEIVED", "SHARE", "DIRECT", "BY HOPS"],
          result.rows.map((r) => [
            r.method,
            r.address,
            r.asset,
            r.tainted,
            r.received,
            r.share,
            r.direct,
            JSON.stringify(r.by_hops),
          ]),
        ),
      );
    },
  );

  chain
    .command("export")
    .description("export a saved trace: graphml, cytoscape (JSON) or stix (2.1 indicators)")
    .requiredOption("--trace <id>", "the trace id")
    .requiredOption("--format <format>", "graphml, cytoscape or stix")
    .option("--out <file>", "write here instead of stdout")
    .action(async (flags: { trace: string; format: string; out?: string }) => {
      const trace = await withContext(config, (ctx) => getTrace(ctx, flags.trace));
      const text =
        flags.format === "graphml"
          ? toGraphMl(trace)
          : flags.format === "cytoscape"
            ? `${JSON.stringify(toCytoscape(trace))}\n`
            : flags.format === "stix"
              ? `${JSON.stringify(toStixBundle(trace), null, 2)}\n`
              : undefined;
      if (text === undefined) throw usage("--format must be graphml, cytoscape or stix");
      if (flags.out === undefined) process.stdout.write(text);
      else writeFileSync(flags.out, text);
    });

  chain
    .command("traces")
    .description("saved traces, newest first")
    .action(async () => {
      const out = output();
      const traces = await withContext(config, (ctx) => listTraces(ctx));
      if (out.json) for (const t of traces) out.result(t, () => "");
      else
        out.info(
          table(
            ["ID", "AT", "METHOD", "REACHED"],
            traces.map((t) => [
              t.id,
              t.at,
              t.method,
              String((t.summary as { reached?: number }).reached ?? ""),
            ]),
          ),
        );
    });

  chain
    .command("demo")
    .description(
      "generate a laundering scenario (peel chains, fan-out, bridge, mixer, OTC) and store it, or write it as files with --out",
    )
    .option("--transfers <n>", "total transfers, with unrelated traffic", parseCount, 20_000)
    .option("--addresses <n>", "addresses", parseCount, 5_000)
    .option("--seed <n>", "random seed", parseCount, 20250221)
    .option("--out <dir>", "write transfers.csv, labels.csv and seeds.txt here instead of storing")
    .action(async (flags: { transfers: number; addresses: number; seed: number; out?: string }) => {
      const out = output();
      const size = { transfers: flags.transfers, addresses: flags.addresses, seed: flags.seed };
      if (flags.out !== undefined) {
        const dir = flags.out;
        const paths = writeScenarioFiles(generateScenario(size), dir);
        out.result(paths, () => `wrote ${paths.transfers}, ${paths.labels}, ${paths.seeds}`);
        return;
      }
      const scenario = await withContext(config, (ctx) => loadDemoScenario(ctx, size));
      out.result(
        { transfers: scenario.graph.count, labels: scenario.labels.length, seeds: scenario.seeds },
        () =>
          `stored ${scenario.graph.count} transfers and ${scenario.labels.length} labels; trace it with:\n  cordon chain trace --seeds ${scenario.seeds.join(",")} --method haircut`,
      );
    });
}
