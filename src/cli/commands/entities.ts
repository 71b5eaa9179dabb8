import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Command } from "commander";
import {
  entityProvenance,
  exportEntities,
  type FtmEntity,
  getEntity,
  searchEntities,
  toFtmLine,
} from "../../lists/index.js";
import type { Config } from "../../model/index.js";
import { withContext } from "../context.js";
import type { Output } from "../output.js";
import { table } from "../output.js";

export function registerEntityCommands(
  program: Command,
  config: Config,
  output: () => Output,
): void {
  const entities = program
    .command("entities")
    .description("read entities: show one, search by name or identifier");

  entities
    .command("show")
    .description("an entity with every fact, where it came from, and its sanctions")
    .argument("<id>", "the entity id, e.g. ofac-12345 or unsc-6908275")
    .action(async (id: string) => {
      const out = output();
      const { entity, provenance } = await withContext(config, async (ctx) => ({
        entity: await getEntity(ctx, id),
        provenance: await entityProvenance(ctx, id),
      }));
      out.result({ ...entity, statements: provenance }, () => describeEntity(entity, provenance));
    });

  entities
    .command("search")
    .description("entities whose names or identifiers contain every word of TEXT")
    .argument("<text...>", "words to look for")
    .option("--limit <n>", "at most this many results", (v) => Number.parseInt(v, 10), 20)
    .option("--schema <name...>", "only these FtM schemata (Person, Vessel, ...)")
    .action(async (words: string[], options: { limit: number; schema?: string[] }) => {
      const out = output();
      const found = await withContext(config, (ctx) =>
        searchEntities(ctx, words.join(" "), {
          limit: options.limit,
          ...(options.schema === undefined ? {} : { schemata: options.schema }),
        }),
      );
      if (out.json) {
        for (const entity of found) out.result(entity, () => "");
        return;
      }
      out.info(
        found.length === 0
          ? "no entity found"
          : table(
              ["ID", "SCHEMA", "NAME", "DATASETS"],
              found.map((e) => [e.id, e.schema, e.caption, e.datasets.join(" ")]),
            ),
      );
    });

  program
    .command("export")
    .description("export data")
    .command("ftm")
    .description("current entities as FtM JSON lines (to standard output unless --out)")
    .option("--dataset <name>", "only this dataset")
    .option("--out <file>", "write to this file")
    .action(async (options: { dataset?: string; out?: string }) => {
      const out = output();
      const sink = options.out === undefined ? process.stdout : createWriteStream(options.out);
      let count = 0;
      await withContext(config, async (ctx) => {
        for await (const entity of exportEntities(
          ctx,
          options.dataset === undefined ? {} : { dataset: options.dataset },
        )) {
          if (!sink.write(`${toFtmLine(entity)}\n`)) await once(sink, "drain");
          count++;
        }
      });
      if (options.out !== undefined) {
        const file = sink as ReturnType<typeof createWriteStream>;
        file.end();
        await once(file, "finish");
        out.note(`wrote ${count.toLocaleString("en")} entities to ${options.out}`);
      }
    });
}

function describeEntity(
  entity: FtmEntity,
  provenance: Awaited<ReturnType<typeof entityProvenance>>,
): string {
  const lines = [
    `${entity.caption}`,
    `  ${entity.schema} ${entity.id}  datasets: ${entity.datasets.join(", ")}`,
    "",
  ];
  lines.push(
    table(
      ["PROPERTY", "VALUE", "DATASET", "FIRST SEEN", "LAST SEEN"],
      provenance
        .filter((p) => p.prop !== "id")
        .map((p) => [
          p.prop,
          p.value,
          p.dataset,
          p.firstSeen.slice(0, 10),
          p.lastSeen.slice(0, 10),
        ]),
    ),
  );
  const nested = Object.entries(entity.properties).flatMap(([prop, values]) =>
    values.filter((v): v is FtmEntity => typeof v !== "string").map((v) => ({ prop, entity: v })),
  );
  for (const { prop, entity: other } of nested) {
    // A nested entity's own links show as their captions (an Ownership's owner by name).
    const facts = Object.entries(other.properties).map(
      ([p, values]) =>
        `${p}: ${values.map((v) => (typeof v === "string" ? v : `${v.caption} (${v.schema} ${v.id})`)).join("; ")}`,
    );
    lines.push("", `${prop}: ${other.schema} ${other.id}`, ...facts.map((f) => `  ${f}`));
  }
  return lines.join("\n");
}
