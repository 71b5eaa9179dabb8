import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect } from "kysely";
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
  const { store, ready } = deferredStore(config, options);
  await ready();
  return store;
}

/**
 * The same store, opened (and migrated) on its first query instead of now: a command that
 * reads only the columnar store (`cordon ais detect --no-link`, `cordon ais decode`) does not
 * pay PGlite's start-up, a third of a second and 100 MiB. Failing to open is reported by
 * that first query.
 */
export function openStoreOnFirstUse(
  config: Pick<Config, "home" | "databaseUrl">,
  options: OpenOptions = {},
): Store {
  return deferredStore(config, options).store;
}

/** A store whose engine starts when `ready` is called or a query first needs it. */
function deferredStore(
  config: Pick<Config, "home" | "databaseUrl">,
  options: OpenOptions,
): { store: Store; ready: () => Promise<void> } {
  return config.databaseUrl === undefined
    ? pgliteStore(config.home, options)
    : postgresStore(config.databaseUrl, options);
}

/** Memoises `open`; a failed attempt is forgotten, so the next use tries again. */
function once<T>(open: () => Promise<T>): { get: () => Promise<T>; started: () => boolean } {
  let pending: Promise<T> | undefined;
  return {
    get: () => {
      pending ??= open().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
    started: () => pending !== undefined,
  };
}

function pgliteStore(
  home: string,
  options: OpenOptions,
): { store: Store; ready: () => Promise<void> } {
  const pglite = once(async () => {
    let dataDir: string | undefined;
    if (options.inMemory !== true) {
      dataDir = join(home, "pgdata");
      mkdirSync(dataDir, { recursive: true });
    }
    // Loaded here, not at the top: a command that never queries the store skips the module.
    const { PGlite } = await import("@electric-sql/pglite");
    const instance = await PGlite.create(dataDir);
    try {
      if (options.schema !== undefined) {
        const schema = quoteIdent(options.schema);
        await instance.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
      }
      await migrate((script) => execOn(instance, script));
      return instance;
    } catch (error) {
      await instance.close();
      throw error;
    }
  });
  const runScript: ScriptRunner = async (script) => execOn(await pglite.get(), script);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: pglite.get }) });
  // Kysely closes PGlite only if it ever opened a connection through it; a store that ran only
  // scripts (migrations) would otherwise keep PGlite's timers, and the process, alive.
  const close = async () => {
    await db.destroy();
    if (!pglite.started()) return;
    const instance = await pglite.get().catch(() => undefined);
    if (instance !== undefined && !instance.closed) await instance.close();
  };
  const ready = async () => {
    await pglite.get();
  };
  return { store: { db, engine: "pglite", runScript, close }, ready };
}

async function execOn(pglite: PGlite, script: string): Promise<readonly Record<string, unknown>[]> {
  const results = await pglite.exec(script);
  return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
}

function postgresStore(
  url: string,
  options: OpenOptions,
): { store: Store; ready: () => Promise<void> } {
  // Scripts run on one pinned client so that session state (advisory locks) holds across calls.
  const server = once(async () => {
    // Loaded here, not at the top: a command that never queries the store skips the module.
    const { default: pg } = await import("pg");
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
    try {
      const scriptClient = await pool.connect();
      const run: ScriptRunner = async (script) => {
        const result = await scriptClient.query(script);
        const last = Array.isArray(result) ? result.at(-1) : result;
        return (last?.rows ?? []) as Record<string, unknown>[];
      };
      await migrate(run);
      return { pool, scriptClient, run };
    } catch (error) {
      await pool.end();
      throw error;
    }
  });
  const runScript: ScriptRunner = async (script) => (await server.get()).run(script);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: async () => (await server.get()).pool }),
  });
  const close = async () => {
    const opened = server.started() ? await server.get().catch(() => undefined) : undefined;
    opened?.scriptClient.release();
    // Ends the pool when Kysely opened it; a pool used only for scripts is ended here.
    await db.destroy();
    if (opened !== undefined && !opened.pool.ended) await opened.pool.end();
  };
  const ready = async () => {
    await server.get();
  };
  return { store: { db, engine: "postgres", runScript, close }, ready };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
