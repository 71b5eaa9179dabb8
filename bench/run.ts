/**
 * Benchmarks, each run beside a peer on the same data in the same run:
 *   npm run bench -- lists-import
 * Prints a table (workload, Cordon, peer, ratio, peak memory). Reads ../shared/data.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
// @ts-expect-error: plain JavaScript beside bin/cordon.js, without type declarations
import { builtIsFresh } from "../bin/load-cli.js";
import { aisDecodeBench } from "./ais-decode.js";
import { chainBench } from "./chain.js";
import { maritimeDetectBench } from "./maritime-detect.js";
import { type Measure, measure, ROOT, type Row, SERVER_URL } from "./measure.js";
import { screeningBench } from "./screening-report.js";

const DATA = join(ROOT, "..", "shared", "data");

async function withServerDatabase<T>(work: (url: string) => T): Promise<T | undefined> {
  const name = `cordon_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  try {
    await admin.connect();
  } catch {
    console.error(`PostgreSQL not reachable at ${SERVER_URL}: skipping the server workloads`);
    return undefined;
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    return work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

function importWith(source: string, file: string, env: NodeJS.ProcessEnv): Measure {
  const home = mkdtempSync(join(tmpdir(), "cordon-bench-home-"));
  try {
    // Create the database (PGlite's initdb, migrations) first: its one-off cost is not the import's.
    const cordon = join(ROOT, "bin", "cordon.js");
    spawnSync(process.execPath, [cordon, "lists", "versions"], {
      env: { ...process.env, CORDON_HOME: home, ...env },
      cwd: ROOT,
    });
    return measure(
      process.execPath,
      [cordon, "lists", "import", source, "--file", file, "--skip-invalid"],
      { env: { CORDON_HOME: home, ...env } },
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function listsImport(): Promise<Row[]> {
  const files = [
    {
      name: "OFAC SDN advanced XML (18,367 profiles)",
      source: "us-ofac",
      path: join(DATA, "crypto", "ofac_sdn_advanced_2025-11-19.xml.bz2"),
    },
    {
      name: "UN consolidated XML (1,003 entries)",
      source: "un-sc",
      path: join(DATA, "sanctions", "un", "un_consolidated_2026-02-27.xml"),
    },
  ];
  const rows: Row[] = [];
  for (const file of files) {
    if (!existsSync(file.path)) {
      console.error(`missing ${file.path}: skipped`);
      continue;
    }
    const peer = measure("python3", [join(ROOT, "bench", "peers", "parse_list.py"), file.path]);
    rows.push({
      workload: `${file.name}, PGlite`,
      cordon: importWith(file.source, file.path, { DATABASE_URL: "" }),
      peer,
    });
    const server = await withServerDatabase((url) =>
      importWith(file.source, file.path, { DATABASE_URL: url }),
    );
    if (server !== undefined)
      rows.push({ workload: `${file.name}, PostgreSQL`, cordon: server, peer });
  }
  return rows;
}

const BENCHMARKS: Record<string, { peer: string; run: () => Promise<Row[]> }> = {
  "lists-import": { peer: "python3 xml.etree iterparse, parse only", run: listsImport },
  screening: { peer: "PostgreSQL pg_trgm similarity search", run: screeningBench },
  chain: { peer: "networkx (exact haircut) and a PostgreSQL recursive CTE", run: chainBench },
  "ais-decode": { peer: "libais (python3-ais) and gpsdecode (gpsd)", run: aisDecodeBench },
  "maritime-detect": {
    peer: "PostgreSQL + PostGIS SQL (gaps, encounters)",
    run: maritimeDetectBench,
  },
};

function printTable(name: string, peerName: string, rows: readonly Row[]): void {
  const fmt = (m: Measure) => (m.ok ? `${m.seconds.toFixed(2)} s` : "FAILED");
  const mem = (m: Measure) => (m.peakMiB === undefined ? "n/a" : `${m.peakMiB.toFixed(0)} MiB`);
  const lines = [
    ["workload", "Cordon", "peer", "ratio", "peak memory (Cordon / peer)"],
    ...rows.map((r) => [
      r.workload,
      fmt(r.cordon),
      fmt(r.peer),
      r.cordon.ok && r.peer.ok ? `${(r.cordon.seconds / r.peer.seconds).toFixed(2)}×` : "-",
      `${mem(r.cordon)} / ${mem(r.peer)}`,
    ]),
  ];
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length))) ?? [];
  console.log(`\n${name} (peer: ${peerName})\n`);
  for (const line of lines) console.log(line.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  | "));
  for (const r of rows)
    if (!r.cordon.ok) console.error(`\n${r.workload} failed:\n${r.cordon.output.slice(-2000)}`);
}

// `cordon` is timed as a user runs it: compiled, which bin/load-cli.js does only while dist/ is
// newer than the sources; a stale build is rebuilt first, or the figures would include tsx.
if (!(builtIsFresh as () => boolean)()) {
  const build = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], {
    stdio: "inherit",
  });
  if (build.status !== 0) console.error("build failed: cordon runs from the sources through tsx");
}

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(BENCHMARKS);
for (const name of names) {
  const bench = BENCHMARKS[name];
  if (bench === undefined) {
    console.error(`unknown benchmark ${name} (known: ${Object.keys(BENCHMARKS).join(", ")})`);
    process.exitCode = 2;
    continue;
  }
  printTable(name, bench.peer, await bench.run());
}
