import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/** Runs a multi-statement SQL script (simple query protocol) and returns the rows of the last. */
export type ScriptRunner = (script: string) => Promise<readonly Record<string, unknown>[]>;

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Migration files in order: `NNNN_name.sql`, plain SQL, forward only. */
export function migrationFiles(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number.parseInt(file.slice(0, 4), 10),
      name: file,
      sql: readFileSync(MIGRATIONS_DIR + file, "utf8"),
    }));
}

/**
 * Applies the migrations not yet recorded in `store_migration`, each in one transaction
 * with its record; an advisory lock keeps two processes from migrating at once.
 */
export async function migrate(run: ScriptRunner): Promise<number[]> {
  await run("SELECT pg_advisory_lock(7180001)");
  try {
    await run(`CREATE TABLE IF NOT EXISTS store_migration (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await run("SELECT version FROM store_migration");
    const done = new Set(rows.map((row) => Number(row.version)));
    const applied: number[] = [];
    for (const migration of migrationFiles()) {
      if (done.has(migration.version)) continue;
      await run(
        `BEGIN;\n${migration.sql}\n;INSERT INTO store_migration (version, name) VALUES (${migration.version}, '${migration.name}');\nCOMMIT;`,
      ).catch(async (error: unknown) => {
        await run("ROLLBACK");
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      });
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await run("SELECT pg_advisory_unlock(7180001)");
  }
}
