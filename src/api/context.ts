import type { Config } from "../model/index.js";
import { type Context, openContext } from "../store/index.js";

export type { Context };

/**
 * Opens the configured store (migrations run on open) for the server, acting as "api". The
 * server's one door to storage, as src/cli/context.ts is the CLI's; routes receive the context
 * and call only the domains.
 */
export async function openServerContext(
  config: Config,
): Promise<{ ctx: Context; close: () => Promise<void> }> {
  return openContext(config, "api");
}
