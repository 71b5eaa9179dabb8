import { userInfo } from "node:os";
import type { Config } from "../model/index.js";
import type { Context } from "../store/index.js";

/** Runs `work` with a context on the configured store, acting as the OS user. */
export async function withContext<T>(
  config: Config,
  work: (ctx: Context) => Promise<T>,
): Promise<T> {
  // The store (Kysely, DuckDB) is loaded by the first command that needs it, not by every one.
  const { openContext } = await import("../store/index.js");
  const { ctx, close } = await openContext(config, `cli:${userInfo().username}`, {
    onFirstUse: true,
  });
  try {
    return await work(ctx);
  } finally {
    await close();
  }
}
