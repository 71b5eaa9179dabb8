import type { Command } from "commander";
import type { Config } from "../model/index.js";
import type { Output } from "./output.js";

/** Adds a group's commands to the program. */
type Register = (program: Command, config: Config, output: () => Output) => void;

/**
 * The commands one file of src/cli/commands adds at the top level, and how to load it. Each
 * file imports its domain, and the domains together cost a third of a second to load: a
 * command run loads only its own group.
 */
export interface CommandGroup {
  readonly commands: readonly string[];
  readonly load: () => Promise<Register>;
}

/** Every group, in the order `cordon --help` lists their commands. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    commands: ["lists"],
    load: async () => (await import("./commands/lists.js")).registerListCommands,
  },
  {
    commands: ["entities", "export"],
    load: async () => (await import("./commands/entities.js")).registerEntityCommands,
  },
  {
    commands: ["audit"],
    load: async () => (await import("./commands/audit.js")).registerAuditCommands,
  },
  {
    commands: ["evidence", "incidents", "rfis", "recommendations", "casework"],
    load: async () => (await import("./commands/casework.js")).registerCaseworkCommands,
  },
  {
    commands: ["chain"],
    load: async () => (await import("./commands/chain.js")).registerChainCommands,
  },
  {
    // `ais detect` (maritime detectors) joins the `ais` group, with `maritime`.
    commands: ["ais", "maritime"],
    load: async () => {
      const [{ registerAisCommands }, { registerMaritimeCommands }] = await Promise.all([
        import("./commands/ais.js"),
        import("./commands/maritime.js"),
      ]);
      return (program, config, output) =>
        registerMaritimeCommands(
          program,
          registerAisCommands(program, config, output),
          config,
          output,
        );
    },
  },
  {
    commands: ["orgs", "users", "tokens"],
    load: async () => (await import("./commands/users.js")).registerUserCommands,
  },
  {
    // `screen compare` (screen-compare.ts) joins the `screen` group.
    commands: ["screen"],
    load: async () => {
      const [{ registerScreenCommands }, { registerScreenCompareCommand }] = await Promise.all([
        import("./commands/screen.js"),
        import("./commands/screen-compare.js"),
      ]);
      return (program, config, output) => {
        registerScreenCompareCommand(registerScreenCommands(program, config, output), output);
      };
    },
  },
];

/**
 * The groups `argv` needs: the one naming its command when only `--json` comes before it;
 * else (help, no command, an unknown one, another option first) all, so that help and
 * commander's suggestions see every command.
 */
export function groupsFor(
  argv: readonly string[],
  groups: readonly CommandGroup[] = COMMAND_GROUPS,
): readonly CommandGroup[] {
  const name = argv.find((arg) => arg !== "--json");
  const group = groups.find((g) => name !== undefined && g.commands.includes(name));
  return group === undefined ? groups : [group];
}

/** Loads `groups` (in parallel) and adds their commands to `program`, in the groups' order. */
export async function registerGroups(
  program: Command,
  groups: readonly CommandGroup[],
  config: Config,
  output: () => Output,
): Promise<void> {
  const registers = await Promise.all(groups.map((group) => group.load()));
  for (const register of registers) register(program, config, output);
}
