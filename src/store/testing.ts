import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { loadConfig } from "../model/index.js";
import { openColumnar } from "./columnar.js";
import type { Context } from "./context.js";
import { type Engine, openStore, type Store } from "./db.js";

/**
 * The engines database tests run on: PGlite always, and the PostgreSQL server named by
 * CORDON_TEST_POSTGRES_URL when it is set (CI sets it to the server on 127.0.0.1:5432).
 */
export const TEST_ENGINES: readonly Engine[] = process.env.CORDON_TEST_POSTGRES_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

export interface TestStore extends Store {
  readonly ctx: Context;
}

/** A fresh, empty store on `engine`: in-memory PGlite, or a schema of its own on the server. */
export async function openTestStore(engine: Engine, actor = "test"): Promise<TestStore> {
  const url = engine === "postgres" ? process.env.CORDON_TEST_POSTGRES_URL : undefined;
  const schema =
    engine === "postgres" ? `cordon_test_${randomBytes(6).toString("hex")}` : undefined;
  const config = { ...loadConfig({ CORDON_HOME: tmpdir() }), databaseUrl: url };
  const store = await openStore(config, {
    inMemory: true,
    ...(schema === undefined ? {} : { schema }),
  });
  const columnar = openColumnar(undefined);
  const close = async () => {
    await columnar.close();
    if (schema !== undefined) await store.runScript(`DROP SCHEMA "${schema}" CASCADE`);
    await store.close();
  };
  return { ...store, close, ctx: { db: store.db, engine, config, actor, columnar } };
}
