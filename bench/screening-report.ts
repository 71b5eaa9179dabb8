import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScreeningFigures } from "./screening.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Measure {
  readonly seconds: number;
  readonly peakMiB: number | undefined;
  readonly ok: boolean;
  readonly output: string;
}

/**
 * `npm run bench -- screening`: runs bench/screening.ts in a child process under /usr/bin/time
 * (peak memory of the whole run: the list imports included), prints its figures beside
 * pg_trgm's and returns the rows of the shared table: index build and the query loop.
 * CORDON_BENCH_NEGATIVES sets how many synthetic negatives are screened (default 5,000).
 */
export async function screeningBench(): Promise<
  { workload: string; cordon: Measure; peer: Measure }[]
> {
  const negatives = process.env.CORDON_BENCH_NEGATIVES ?? "5000";
  const timeFile = join(mkdtempSync(join(tmpdir(), "cordon-bench-")), "time");
  const hasTime = existsSync("/usr/bin/time");
  const args = [
    "--expose-gc",
    "--import",
    "tsx",
    join(ROOT, "bench", "screening.ts"),
    "--negatives",
    negatives,
  ];
  const result = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", "-o", timeFile, process.execPath, ...args], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 1 << 26,
      })
    : spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
  const peakKiB =
    hasTime && existsSync(timeFile)
      ? Number.parseInt(readFileSync(timeFile, "utf8").trim().split("\n").at(-1) ?? "", 10)
      : Number.NaN;
  const peakMiB = Number.isNaN(peakKiB) ? undefined : peakKiB / 1024;
  if (result.status !== 0) {
    const failed = { seconds: 0, peakMiB, ok: false, output: `${result.stdout}${result.stderr}` };
    return [{ workload: "screening", cordon: failed, peer: failed }];
  }
  const f = JSON.parse(result.stdout) as ScreeningFigures;
  const peer = "error" in f.peer ? undefined : f.peer;
  if (peer === undefined)
    console.error(`pg_trgm peer failed: ${"error" in f.peer ? f.peer.error : ""}`);
  const n = (x: number, digits = 0) =>
    x.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    ["figure", "Cordon", "pg_trgm (PostgreSQL 127.0.0.1)", "target"],
    ["entities / names indexed", `${n(f.entities)} / ${n(f.names)}`, `${n(f.names)} names`, ""],
    [
      "index build",
      `${n(f.buildSeconds, 2)} s`,
      peer ? `${n(peer.buildSeconds, 2)} s (GIN)` : "-",
      "< 10 s",
    ],
    ["index load in a new process (stored copy)", `${n(f.reloadSeconds, 2)} s`, "-", ""],
    ["index memory (heap)", `${n(f.indexHeapMiB)} MiB`, "-", "< 1 GiB"],
    ["queries, one after another", n(f.queries), n(f.queries), ""],
    ["queries per second (one core)", n(f.qps), peer ? n(peer.qps) : "-", "≥ 2,000"],
    ["latency p50", `${n(f.p50ms, 2)} ms`, peer ? `${n(peer.p50ms, 2)} ms` : "-", ""],
    ["latency p99", `${n(f.p99ms, 2)} ms`, peer ? `${n(peer.p99ms, 2)} ms` : "-", "< 10 ms"],
    ["screenEntity p50 (with freshness check)", `${n(f.withStoreP50ms, 2)} ms`, "-", ""],
    [
      `recall@1, ${n(f.positives)} UN positives (treated)`,
      n(f.recallAt1, 4),
      peer ? n(peer.recallAt1, 4) : "-",
      "≥ 0.99",
    ],
    [
      `false positives, ${n(f.negatives)} negatives`,
      `${n(f.falsePositiveRate * 100, 2)}%`,
      peer ? `${n(peer.falsePositiveRate * 100, 2)}% (similarity ≥ 0.7)` : "-",
      "≤ 0.5%",
    ],
  ];
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length))) ?? [];
  console.log(
    "\nscreening: UN + OFAC advanced XML + EU + UK in PGlite (lists imported in " +
      `${n(f.importSeconds, 1)} s)\n`,
  );
  for (const line of lines) console.log(line.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  | "));
  const measure = (seconds: number, mem?: number): Measure => ({
    seconds,
    peakMiB: mem,
    ok: true,
    output: "",
  });
  const missing: Measure = { seconds: 0, peakMiB: undefined, ok: false, output: "" };
  return [
    {
      workload: `index build, ${n(f.entities)} entities (peer: GIN trigram index)`,
      cordon: measure(f.buildSeconds, peakMiB),
      peer: peer ? measure(peer.buildSeconds) : missing,
    },
    {
      workload: `${n(f.queries)} queries on one core (peer: pg_trgm similarity)`,
      cordon: measure(f.queries / f.qps, peakMiB),
      peer: peer ? measure(f.queries / peer.qps) : missing,
    },
  ];
}
