import { createRequire } from "node:module";
import type * as CliProgress from "cli-progress";

export interface Progress {
  update(done: number, total: number, detail: string): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; in CI and pipes, a plain line every 10% so logs stay readable.
 * Writes to stderr so that stdout keeps only results.
 */
export function makeProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY === true && process.env.CI === undefined) {
    // Required here, and only on a terminal: pipes and CI (the benchmarks) never draw a bar.
    const { SingleBar } = createRequire(import.meta.url)("cli-progress") as typeof CliProgress;
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {detail}`,
      stream,
      hideCursor: true,
      clearOnComplete: true,
    });
    let started = false;
    return {
      update: (done, total, detail) => {
        if (!started) {
          bar.start(total, 0, { detail });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { detail });
      },
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update: (done, total, detail) => {
      const decile = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${decile * 10}% (${detail})\n`);
      }
    },
    stop: () => {},
  };
}
