import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Measure, measure, ROOT, type Row, SERVER_URL } from "./measure.js";

const CLI = join(ROOT, "bench", "cordon-cli.js");

function sum(a: Measure, b: Measure): Measure {
  const peaks = [a.peakMiB, b.peakMiB].filter((p): p is number => p !== undefined);
  return {
    seconds: a.seconds + b.seconds,
    peakMiB: peaks.length === 0 ? undefined : Math.max(...peaks),
    ok: a.ok && b.ok,
    output: `${a.output}\n${b.output}`,
  };
}

/** Events of a kind in `cordon ais detect --json` output. */
function countKind(output: string, kind: string): number {
  return output.split("\n").filter((l) => l.startsWith(`{"kind":"${kind}"`)).length;
}

export async function maritimeDetectBench(): Promise<Row[]> {
  const positions = Number(process.env.CORDON_BENCH_AIS_POSITIONS ?? 10_000_000);
  const vessels = Math.max(20, Math.round(positions / 5000));
  const work = mkdtempSync(join(tmpdir(), "cordon-bench-ais-"));
  const home = join(work, "home");
  const env = { CORDON_HOME: home, DATABASE_URL: "" };
  try {
    const demo = measure(
      process.execPath,
      [
        CLI,
        "maritime",
        "demo",
        "--out",
        join(work, "demo"),
        "--vessels",
        String(vessels),
        "--positions",
        String(positions),
      ],
      { env },
    );
    if (!demo.ok) throw new Error(`demo generation failed:\n${demo.output}`);
    const csv = join(work, "demo", "ais.csv");
    const planted = readFileSync(join(work, "demo", "planted.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.includes('"kind":"encounter"')).length;
    console.error(
      `generated ${positions.toLocaleString("en-US")} positions of ${vessels} vessels in ${demo.seconds.toFixed(1)} s (${planted} planted encounters)`,
    );
    // The database's one-off creation (PGlite initdb, migrations) is not the import's cost.
    measure(process.execPath, [CLI, "lists", "versions"], { env });
    const cordonImport = measure(process.execPath, [CLI, "ais", "import", csv], { env });
    const cordonDetect = measure(process.execPath, [CLI, "--json", "ais", "detect", "--no-link"], {
      env,
    });
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    const name = `cordon_bench_ais_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(SERVER_URL);
      url.pathname = `/${name}`;
      const psql = (script: string, ...commands: string[]) =>
        measure("psql", [
          "-X",
          "-q",
          "-v",
          "ON_ERROR_STOP=1",
          "-f",
          join(ROOT, "bench", "peers", script),
          ...commands.flatMap((c) => ["-c", c]),
          url.toString(),
        ]);
      const peerLoad = psql(
        "maritime_postgis_load.sql",
        `\\copy ais FROM '${csv}' WITH (FORMAT csv, HEADER true)`,
        "CREATE INDEX ON ais (mmsi, t); ANALYZE ais;",
      );
      const peerDetect = psql("maritime_postgis_detect.sql");
      if (!peerLoad.ok || !peerDetect.ok)
        console.error(
          `PostGIS peer failed:\n${peerLoad.output}\n${peerDetect.output}`.slice(-3000),
        );
      const peerCounts = peerDetect.output.split("\n").find((l) => l.startsWith("{"));
      console.error(
        `encounters: planted ${planted}, Cordon ${countKind(cordonDetect.output, "encounter")}, PostGIS ${peerCounts ?? "?"}; gaps: Cordon ${countKind(cordonDetect.output, "gap")}`,
      );
      console.error(
        "includes: Cordon import = `cordon ais import` process (startup, CSV parsing, checks by " +
          "reason, the sorted Parquet segment, identities); peer import = psql \\copy into an unlogged table " +
          "+ (mmsi, t) index + ANALYZE, no checks. Cordon detect = `cordon --json ais detect " +
          "--no-link` process (startup, reading every track, all five detectors, JSON out); " +
          "peer detect = psql running the gap and encounter SQL only. Same CSV file for both; " +
          "peer memory is psql's, the server's is not measured.",
      );
      const label = `${(positions / 1e6).toLocaleString("en-US")}M positions, ${vessels} vessels`;
      return [
        { workload: `import (${label}) / COPY`, cordon: cordonImport, peer: peerLoad },
        {
          workload: "all five detectors / PostGIS gaps + encounters",
          cordon: cordonDetect,
          peer: peerDetect,
        },
        {
          workload: "import + detection, total",
          cordon: sum(cordonImport, cordonDetect),
          peer: sum(peerLoad, peerDetect),
        },
      ];
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
