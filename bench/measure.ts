import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const SERVER_URL =
  process.env.CORDON_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** One timed process: wall time, peak resident memory, whether it succeeded, what it printed. */
export interface Measure {
  readonly seconds: number;
  readonly peakMiB: number | undefined;
  readonly ok: boolean;
  /** Standard output and error together, for error reports. */
  readonly output: string;
  /** Standard output alone, for benchmarks that read figures the process prints. */
  readonly stdout?: string;
}

/** A line of a benchmark's table: one workload, Cordon beside its peer. */
export interface Row {
  readonly workload: string;
  readonly cordon: Measure;
  readonly peer: Measure;
}

export interface MeasureOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutSeconds?: number;
  /** Send standard output to /dev/null (a run that prints hundreds of megabytes). */
  readonly discardStdout?: boolean;
}

/** Runs a command under /usr/bin/time (where installed) for wall time and peak memory. */
export function measure(
  command: string,
  args: readonly string[],
  options: MeasureOptions = {},
): Measure {
  const timeFile = join(mkdtempSync(join(tmpdir(), "cordon-bench-")), "time");
  const hasTime = existsSync("/usr/bin/time");
  const started = process.hrtime.bigint();
  const result = spawnSync(
    hasTime ? "/usr/bin/time" : command,
    hasTime ? ["-f", "%M", "-o", timeFile, command, ...args] : args,
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 28,
      timeout: (options.timeoutSeconds ?? 3600) * 1000,
      env: { ...process.env, ...options.env, CI: "1" },
      stdio: ["ignore", options.discardStdout === true ? "ignore" : "pipe", "pipe"],
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakKiB =
    hasTime && existsSync(timeFile)
      ? Number.parseInt(readFileSync(timeFile, "utf8").trim().split("\n").at(-1) ?? "", 10)
      : Number.NaN;
  return {
    seconds,
    peakMiB: Number.isNaN(peakKiB) ? undefined : peakKiB / 1024,
    ok: result.status === 0,
    output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim(),
    stdout: result.stdout ?? "",
  };
}
