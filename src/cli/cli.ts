import { Command, CommanderError } from "commander";
import { CordonError, formatIssue, Invalid, loadConfig, NotFound } from "../model/index.js";
import { groupsFor, registerGroups } from "./command-groups.js";
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
  await registerGroups(program, groupsFor(argv), config, output);
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
