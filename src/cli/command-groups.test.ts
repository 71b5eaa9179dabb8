import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../model/index.js";
import { COMMAND_GROUPS, type CommandGroup, groupsFor, registerGroups } from "./command-groups.js";
import { makeOutput } from "./output.js";

const config = loadConfig({ CORDON_HOME: "/nonexistent/cordon-groups-test" });

async function programOf(groups: readonly CommandGroup[]): Promise<Command> {
  const program = new Command("cordon").option("--json", "JSON lines in and out");
  await registerGroups(program, groups, config, () => makeOutput(false));
  return program;
}

/** A command's help with every subcommand's, as `--help` at each level prints it. */
function helpTree(command: Command): string {
  return [command.helpInformation(), ...command.commands.map(helpTree)].join("\n");
}

describe("loading only the command group a run needs", () => {
  it("names, for each group, exactly the top-level commands it adds, in the program's order", async () => {
    const names: string[] = [];
    for (const group of COMMAND_GROUPS) {
      const added = (await programOf([group])).commands.map((c) => c.name());
      expect(added).toEqual(group.commands);
      names.push(...added);
    }
    expect((await programOf(COMMAND_GROUPS)).commands.map((c) => c.name())).toEqual(names);
  });

  it("gives each command the same options, subcommands and help alone as among all", async () => {
    const all = await programOf(COMMAND_GROUPS);
    for (const group of COMMAND_GROUPS) {
      const alone = await programOf(groupsFor(["--json", group.commands[0] as string]));
      expect(alone.commands.map((c) => c.name())).toEqual(group.commands);
      for (const command of alone.commands) {
        const same = all.commands.find((c) => c.name() === command.name()) as Command;
        expect(helpTree(command)).toEqual(helpTree(same));
      }
    }
  });

  it("loads one group for a command, all for help, no command or an unknown one", () => {
    const ais = COMMAND_GROUPS.find((g) => g.commands.includes("ais"));
    expect(groupsFor(["ais", "import", "x.csv"])).toEqual([ais]);
    expect(groupsFor(["--json", "ais", "detect", "--no-link"])).toEqual([ais]);
    expect(groupsFor(["--json", "maritime", "events"])).toEqual([ais]);
    for (const argv of [[], ["--help"], ["--json", "--help"], ["help", "ais"], ["frob"], ["-h"]])
      expect(groupsFor(argv)).toBe(COMMAND_GROUPS);
  });
});
