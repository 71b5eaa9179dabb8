import pg from "pg";
import type { ScreeningQuery } from "../src/screening/index.js";

const SERVER_URL =
  process.env.CORDON_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const THRESHOLD = 0.7;

/**
 * The peer: PostgreSQL's pg_trgm on the server, over the same names, in a scratch database.
 * One query a time on one connection (one backend, one core): `name % $1` on a GIN trigram
 * index, best similarity first. Recall@1 restricts to UN names, as Cordon's run does.
 */
export async function trigramPeer(
  names: readonly { id: string; name: string; un: boolean }[],
  positives: readonly { query: ScreeningQuery; expected: readonly string[] }[],
  negatives: readonly ScreeningQuery[],
) {
  const scratch = `cordon_bench_trgm_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.query(`CREATE DATABASE ${scratch}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${scratch}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      await client.query("CREATE TABLE screening_name (id text, name text, un boolean)");
      for (let i = 0; i < names.length; i += 5000) {
        const chunk = names.slice(i, i + 5000);
        await client.query(
          "INSERT INTO screening_name SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[])",
          [chunk.map((n) => n.id), chunk.map((n) => n.name), chunk.map((n) => n.un)],
        );
      }
      let started = performance.now();
      await client.query(
        "CREATE INDEX screening_name_trgm ON screening_name USING gin (name gin_trgm_ops)",
      );
      await client.query("ANALYZE screening_name");
      const buildSeconds = (performance.now() - started) / 1000;
      const search = (name: string, unOnly: boolean) =>
        client.query<{ id: string; s: number }>(
          `SELECT id, similarity(name, $1) AS s FROM screening_name
           WHERE name % $1 ${unOnly ? "AND un" : ""} ORDER BY s DESC LIMIT 5`,
          [name],
        );
      const nameOf = (q: ScreeningQuery) => q.properties.name?.[0] ?? "";
      let hits = 0;
      for (const { query, expected } of positives) {
        const top = (await search(nameOf(query), true)).rows[0];
        if (top !== undefined && expected.includes(top.id)) hits++;
      }
      const all = [...positives.map((p) => p.query), ...negatives];
      const latencies: number[] = [];
      let falsePositives = 0;
      started = performance.now();
      for (const query of all) {
        const t = performance.now();
        const top = (await search(nameOf(query), false)).rows[0];
        latencies.push(performance.now() - t);
        if (query.id?.startsWith("n") && top !== undefined && Number(top.s) >= THRESHOLD)
          falsePositives++;
      }
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const at = (p: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? Number.NaN;
      return {
        buildSeconds,
        qps: all.length / seconds,
        p50ms: at(0.5),
        p99ms: at(0.99),
        recallAt1: hits / positives.length,
        falsePositiveRate: negatives.length === 0 ? 0 : falsePositives / negatives.length,
      };
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  }
}
