import type { Config } from "../model/index.js";
import { type Columnar, openColumnar } from "./columnar.js";
import { type Db, type Engine, openStore, openStoreOnFirstUse } from "./db.js";

/** What every use case receives: the database, who is acting, and the configuration. */
export interface Context {
  readonly db: Db;
  readonly engine: Engine;
  readonly config: Config;
  /** The columnar store for bulk time series, opened on first use (see columnar.ts). */
  readonly columnar: Columnar;
  /** The user or process acting, as it is written in the audit log. */
  readonly actor: string;
}

/**
 * Opens the store the configuration names and returns a context acting as `actor`, with the
 * function that closes it. The one door through which the CLI and the server reach storage.
 * `onFirstUse` defers opening the database to its first query (the CLI: many commands
 * never touch it); the server opens it at once, so that a bad DATABASE_URL fails its start.
 */
export async function openContext(
  config: Config,
  actor: string,
  options: { readonly onFirstUse?: boolean } = {},
): Promise<{ ctx: Context; close: () => Promise<void> }> {
  const store = options.onFirstUse === true ? openStoreOnFirstUse(config) : await openStore(config);
  const columnar = openColumnar(config.home);
  return {
    ctx: { db: store.db, engine: store.engine, config, actor, columnar },
    close: async () => {
      await columnar.close();
      await store.close();
    },
  };
}
