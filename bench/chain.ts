import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TraceFigures } from "./chain-trace.js";
import { type Measure, measure, ROOT, SERVER_URL } from "./measure.js";

interface Run extends Measure {
  readonly figures: TraceFigures | undefined;
}

function run(command: string, args: readonly string[], timeoutSeconds = 1800): Run {
  const measured = measure(command, args, { timeoutSeconds });
  const line = (measured.stdout ?? "")
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .at(-1);
  return {
    ...measured,
    figures: measured.ok && line !== undefined ? (JSON.parse(line) as TraceFigures) : undefined,
  };
}

/** A run's inner trace time as a Measure (the process's peak memory kept). */
function traceOnly(r: Run): Measure {
  return {
    ...r,
    seconds: r.figures?.traceSeconds ?? r.seconds,
    ok: r.ok && r.figures !== undefined,
  };
}

async function postgresPeer(
  dir: string,
  seed: string,
): Promise<{ load: Run; trace: Run } | undefined> {
  const name = `cordon_bench_chain_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  try {
    await admin.connect();
  } catch {
    console.error(`PostgreSQL not reachable at ${SERVER_URL}: no SQL peer`);
    return undefined;
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    const script = join(dir, "load.sql");
    writeFileSync(
      script,
      readFileSync(join(ROOT, "bench", "peers", "chain_recursive_load.sql"), "utf8").replaceAll(
        "__DIR__",
        dir,
      ),
    );
    const load = run("psql", [url.toString(), "-v", "ON_ERROR_STOP=1", "-f", script]);
    const trace = run(
      "psql",
      [
        url.toString(),
        "-v",
        "ON_ERROR_STOP=1",
        "-v",
        `seed=${seed}`,
        "-c",
        "SET statement_timeout = '20min'",
        "-f",
        join(ROOT, "bench", "peers", "chain_recursive_trace.sql"),
      ],
      1500,
    );
    return { load, trace };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

/**
 * `cordon --json chain trace` as a user runs it, over the scenario stored in a Cordon home
 * (filled untimed by bench/chain-store.ts): reading the stored transfers, the trace, look-alikes,
 * saving the trace, one JSON line per reached address.
 */
function traceCommand(dir: string): Measure {
  const home = join(dir, "home");
  const env = { CORDON_HOME: home, DATABASE_URL: "" };
  const filled = measure(
    process.execPath,
    ["--import", "tsx", join(ROOT, "bench", "chain-store.ts"), dir, home],
    { env, timeoutSeconds: 1800 },
  );
  if (!filled.ok) return filled;
  const seeds = join(dir, "seeds.txt");
  return measure(
    process.execPath,
    [
      join(ROOT, "bench", "cordon-cli.js"),
      "--json",
      "chain",
      "trace",
      "--seeds",
      seeds,
      "--method",
      "haircut",
      "--max-hops",
      "10",
    ],
    { env, timeoutSeconds: 1800, discardStdout: true },
  );
}

export async function chainBench(): Promise<
  { workload: string; cordon: Measure; peer: Measure }[]
> {
  const transfers = Number(process.env.CORDON_BENCH_CHAIN_TRANSFERS ?? 10_000_000);
  const addresses = Number(process.env.CORDON_BENCH_CHAIN_ADDRESSES ?? 1_000_000);
  const size = `${(transfers / 1e6).toLocaleString("en")}M transfers, ${(addresses / 1e6).toLocaleString("en")}M addresses`;
  const dir = mkdtempSync(join(tmpdir(), "cordon-bench-chain-"));
  try {
    const tsx = ["--import", "tsx", join(ROOT, "bench", "chain-trace.ts")];
    const generated = run(process.execPath, [...tsx, "generate", dir]);
    if (!generated.ok)
      throw new Error(`generating the scenario failed: ${generated.output.slice(-2000)}`);
    const seed = readFileSync(join(dir, "seeds.txt"), "utf8").trim().split("\n")[0] ?? "";
    const haircut = run(process.execPath, [
      "--max-old-space-size=3800",
      ...tsx,
      "trace",
      "haircut",
    ]);
    const fifo = run(process.execPath, ["--max-old-space-size=3800", ...tsx, "trace", "fifo"]);
    const command = traceCommand(dir);
    // Debian's python3-networkx lives with /usr/bin/python3; a pyenv python3 on PATH may lack it.
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const networkx = run(python, [join(ROOT, "bench", "peers", "chain_networkx.py"), dir, "10"]);
    const sql = await postgresPeer(dir, seed);
    const a = haircut.figures;
    const b = networkx.figures;
    console.error(
      `\nscenario: ${size}, generated and written in ${generated.seconds.toFixed(1)} s`,
    );
    console.error(
      `Cordon haircut: ${a?.reached} addresses reached, ${a?.taintedWei} wei tainted, digest ${a?.digest?.slice(0, 16)}; load ${a?.loadSeconds.toFixed(2)} s`,
    );
    console.error(
      `Cordon fifo:    ${fifo.figures?.reached} addresses reached, ${fifo.figures?.taintedWei} wei tainted`,
    );
    console.error(
      `networkx:       ${b?.reached} addresses reached, ${b?.taintedWei} wei tainted, digest ${b?.digest?.slice(0, 16)}; load ${b?.loadSeconds.toFixed(2)} s`,
    );
    console.error(
      `exact agreement with networkx (same digest): ${a !== undefined && b !== undefined && a.digest === b.digest ? "yes" : "NO"}`,
    );
    if (sql !== undefined)
      console.error(
        `PostgreSQL:     load ${sql.load.seconds.toFixed(1)} s; query ${sql.trace.ok ? `${sql.trace.seconds.toFixed(1)} s` : "FAILED"}; ${sql.trace.output
          .split("\n")
          .filter((l) => /^\s*\d+\s*\|/.test(l))
          .join(" ")
          .trim()} (reached | static-haircut wei)`,
      );
    console.error(
      [
        "what each number includes (same generated graph, same seed, 10 hops, same services on every side):",
        "  trace rows: Cordon = traceGraph alone (graph already in memory, no output); networkx = its exact replay",
        "    alone (after CSV parse and the networkx 10-hop neighbourhood, its 'load'); PostgreSQL = the psql run of",
        "    the recursive query (connection included, table already loaded and indexed)",
        "  whole-process rows: Cordon = node start, generating the graph in memory, trace, digest; networkx = the",
        "    whole python run (CSV parse included); PostgreSQL = COPY + index (load) + query",
        "  command row: the `cordon --json chain trace` process over the transfers stored in a Cordon home (filled",
        "    untimed by bench/chain-store.ts): reading them from the columnar store, trace, look-alikes, saving the",
        "    trace, a JSON line per reached address (to /dev/null)",
        "  peak memory: each process's maximum RSS (/usr/bin/time); for PostgreSQL psql's, not the server's",
      ].join("\n"),
    );
    if (!networkx.ok) console.error(`networkx failed:\n${networkx.output.slice(-1500)}`);
    if (sql !== undefined && !sql.trace.ok)
      console.error(`SQL peer failed:\n${sql.trace.output.slice(-1500)}`);
    if (!command.ok) console.error(`cordon chain trace failed:\n${command.output.slice(-1500)}`);
    const rows = [
      {
        workload: `haircut trace, 10 hops (${size}) vs networkx exact`,
        cordon: traceOnly(haircut),
        peer: traceOnly(networkx),
      },
      {
        workload: "haircut, whole process (data in + trace) vs networkx",
        cordon: haircut,
        peer: networkx,
      },
      {
        workload: "cordon chain trace command (stored transfers) vs networkx whole",
        cordon: command,
        peer: networkx,
      },
      {
        workload: "fifo trace, 10 hops vs networkx haircut (no FIFO peer)",
        cordon: traceOnly(fifo),
        peer: traceOnly(networkx),
      },
    ];
    if (sql !== undefined) {
      rows.push({
        workload: "haircut trace vs PostgreSQL recursive CTE (query)",
        cordon: traceOnly(haircut),
        peer: sql.trace,
      });
      rows.push({
        workload: "haircut, whole process vs PostgreSQL (COPY + index + query)",
        cordon: haircut,
        peer: {
          ...sql.trace,
          seconds: sql.load.seconds + sql.trace.seconds,
          ok: sql.load.ok && sql.trace.ok,
        },
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
