import { resolve } from "node:path";

/** Settings read once from the environment; nothing else reads process.env. */
export interface Config {
  /** Where the embedded database and other local state live. */
  readonly home: string;
  /** A PostgreSQL server to use instead of the embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** A folder of real list files (laid out like ../shared/data) for the demo. */
  readonly dataDir: string | undefined;
  readonly host: string;
  readonly port: number;
  /** Never download lists from their publishers (tests, machines without internet). */
  readonly offline: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return Object.freeze({
    home: resolve(env.CORDON_HOME ?? ".cordon"),
    databaseUrl: nonEmpty(env.DATABASE_URL),
    dataDir: nonEmpty(env.CORDON_DATA_DIR),
    host: env.HOST ?? "127.0.0.1",
    port: Number.parseInt(env.PORT ?? "8080", 10),
    offline: ["1", "true", "yes"].includes((env.CORDON_OFFLINE ?? "").trim().toLowerCase()),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
