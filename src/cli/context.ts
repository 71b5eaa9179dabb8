import { userInfo } from "node:os";
import type { Config } from "../model/index.js";
import { type Context, openContext } from "../store/index.js";

/** Runs `work` with a context on the configured store, acting as the OS user. */
export async function withContext<T>(
  config: Config,
  work: (ctx: Context) => Promise<T>,
): Promise<T> {
  const { ctx, close } = await openContext(config, `cli:${userInfo().username}`, {
    onFirstUse: true,
  });
  try {
    return await work(ctx);
  } finally {
    await close();
  }
}
