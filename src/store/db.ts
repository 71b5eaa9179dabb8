import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect } from "kysely";
import pg from "pg";
import type { Config } from "../model/index.js";
import { migrate, type ScriptRunner } from "./migrate.js";
import type { Database } from "./tables.js";

export type Db = Kysely<Database>;

export interface OpenOptions {
  /** Keep the embedded database in memory (tests, throw-away runs). */
  readonly inMemory?: boolean;
  /** A PostgreSQL schema to work in, created if missing (isolates parallel test runs). */
  readonly schema?: string;
}

/** Which engine a store runs on: the embedded PGlite or a PostgreSQL server. */
export type Engine = "pglite" | "postgres";

export interface Store {
  readonly db: Db;
  readonly engine: Engine;
  /** Runs a raw SQL script outside the application's rules (maintenance and tests). */
  readonly runScript: ScriptRunner;
  close(): Promise<void>;
}

/**
 * Opens the system of record: PostgreSQL at `config.databaseUrl` when set, else PGlite under
 * `config.home` (`<home>/pgdata`); applies pending migrations before returning.
 */
export async function openStore(
  config: Pick<Config, "home" | "databaseUrl">,
  options: OpenOptions = {},
): Promise<Store> {
  const store =
    config.databaseUrl === undefined
      ? await openPglite(config.home, options)
      : await openPostgres(config.databaseUrl, options);
  try {
    await migrate(store.runScript);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openPglite(home: string, options: OpenOptions): Promise<Store> {
  let dataDir: string | undefined;
  if (options.inMemory !== true) {
    dataDir = join(home, "pgdata");
    mkdirSync(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create(dataDir);
  if (options.schema !== undefined) {
    const schema = quoteIdent(options.schema);
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  }
  const runScript: ScriptRunner = async (script) => {
    const results = await pglite.exec(script);
    return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
  };
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  // Kysely closes PGlite only if it ever opened a connection through it; a store that ran only
  // scripts (migrations) would otherwise keep PGlite's timers, and the process, alive.
  const close = async () => {
    await db.destroy();
    if (!pglite.closed) await pglite.close();
  };
  return { db, engine: "pglite", runScript, close };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Store> {
  if (options.schema !== undefined) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // Scripts run on one pinned client so that session state (advisory locks) holds across calls.
  const scriptClient = await pool.connect();
  const runScript: ScriptRunner = async (script) => {
    const result = await scriptClient.query(script);
    const last = Array.isArray(result) ? result.at(-1) : result;
    return (last?.rows ?? []) as Record<string, unknown>[];
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: "postgres",
    runScript,
    close: async () => {
      scriptClient.release();
      await db.destroy();
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
