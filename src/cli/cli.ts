import { Command, CommanderError } from "commander";
import { CordonError, formatIssue, Invalid, loadConfig, NotFound } from "../model/index.js";
import { registerAisCommands } from "./commands/ais.js";
import { registerAuditCommands } from "./commands/audit.js";
import { registerCaseworkCommands } from "./commands/casework.js";
import { registerChainCommands } from "./commands/chain.js";
import { registerEntityCommands } from "./commands/entities.js";
import { registerListCommands } from "./commands/lists.js";
import { registerMaritimeCommands } from "./commands/maritime.js";
import { registerScreenCommands } from "./commands/screen.js";
import { registerScreenCompareCommand } from "./commands/screen-compare.js";
import { registerUserCommands } from "./commands/users.js";
import { makeOutput, type Output } from "./output.js";

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** Runs `cordon` with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const config = loadConfig();
  const program = new Command("cordon")
    .description("Cordon: monitoring the UN sanctions on the DPRK")
    .option("--json", "JSON lines in and out")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const output = (): Output => makeOutput(program.opts<{ json?: boolean }>().json === true);
  registerListCommands(program, config, output);
  registerEntityCommands(program, config, output);
  registerAuditCommands(program, config, output);
  registerCaseworkCommands(program, config, output);
  registerChainCommands(program, config, output);
  // Returns the `ais` group; `ais detect` (maritime detectors) is added to it, with `maritime`.
  registerMaritimeCommands(program, registerAisCommands(program, config, output), config, output);
  registerUserCommands(program, config, output);
  // Returns the `screen` group; `screen compare` (screen-compare.ts) is added to it.
  registerScreenCompareCommand(registerScreenCommands(program, config, output), output);
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT_OK;
  } catch (error) {
    return reportError(error, output());
  }
}

function reportError(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ||
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version"
      ? EXIT_OK
      : EXIT_USAGE;
  }
  if (error instanceof Invalid) {
    output.note(`error: ${error.message}`);
    for (const issue of error.issues.slice(0, 50)) output.note(`  ${formatIssue(issue)}`);
    return EXIT_USAGE;
  }
  if (error instanceof NotFound || error instanceof CordonError) {
    output.note(`error: ${error.message}`);
    return EXIT_FAILURE;
  }
  output.note(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT_FAILURE;
}
