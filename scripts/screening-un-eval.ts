/**
 * The default matcher against the UN list, by scoring alone (no candidate index):
 * - positives: yente's 683 UN-listed persons with typos and reorderings
 *   (yente_cgb_positives_un_treated.csv, MIT) against every UN-listed person: how often the
 *   person it names scores >= the threshold, and how often no other person scores higher;
 * - negatives: a sample of yente's synthetic non-designated people
 *   (yente_cgb_negatives_global.csv.gz) against every person the UN list designates under a
 *   DPRK programme (or, with --all, every UN-listed person), with name, birth date,
 *   nationality and gender, then by name alone: how many are flagged.
 * Usage: npx tsx scripts/screening-un-eval.ts [--sample N] [--all] [--verbose]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { unScXml } from "../src/lists/sources/un-sc-xml.js";
import { readAll } from "../src/lists/testing.js";
import { countryCode, type EntityRecord } from "../src/model/index.js";
import { DEFAULT_ALGORITHM, foldName, type ScreeningQuery } from "../src/screening/index.js";

const args = process.argv.slice(2);
const sample = Number(args[args.indexOf("--sample") + 1] ?? 5000) || 5000;
const everyone = args.includes("--all");
const verbose = args.includes("--verbose");
const data = (path: string) =>
  fileURLToPath(new URL(`../../shared/data/sanctions/${path}`, import.meta.url));

const { records } = await readAll(unScXml, data("un/un_consolidated_2026-02-27.xml"));
const entities = records.flatMap((r) => r.entities.map((e) => e.toRecord()));
const dprk = new Set(
  entities
    .filter(
      (e) => e.schema === "Sanction" && e.properties.program?.some((p) => p.startsWith("DPRK")),
    )
    .flatMap((e) => e.properties.entity ?? []),
);
const persons = entities.filter((e) => e.schema === "Person");

function query(row: Record<string, string>): ScreeningQuery {
  const properties: Record<string, string[]> = { name: [row.full_name ?? ""] };
  if (row.date_of_birth) properties.birthDate = [row.date_of_birth];
  const country = row.nationality ? countryCode(row.nationality) : undefined;
  if (country !== undefined) properties.nationality = [country];
  if (row.gender) properties.gender = [row.gender];
  return { schema: "Person", properties };
}

const csv = (_what: string, text: Buffer | string) =>
  parse(text, { columns: true }) as Record<string, string>[];
const treated = csv("treated", readFileSync(data("eval/yente_cgb_positives_un_treated.csv")));
const untreated = csv("untreated", readFileSync(data("eval/yente_cgb_positives_un_untreated.csv")));
const key = (name: string) => foldName(name).split(" ").sort().join(" ");
const byName = new Map<string, EntityRecord[]>();
for (const person of persons)
  for (const name of [...(person.properties.name ?? []), ...(person.properties.alias ?? [])])
    byName.set(key(name), [...(byName.get(key(name)) ?? []), person]);
let known = 0;
let found = 0;
let first = 0;
treated.forEach((row, i) => {
  const listed = byName.get(key(untreated[i]?.full_name ?? ""));
  if (listed === undefined) return;
  known++;
  const q = query(row);
  const best = Math.max(...listed.map((person) => DEFAULT_ALGORITHM.score(q, person).score));
  if (best >= DEFAULT_ALGORITHM.threshold) found++;
  else if (verbose) process.stdout.write(`missed ${best} ${row.full_name}\n`);
  if (!persons.some((p) => !listed.includes(p) && DEFAULT_ALGORITHM.score(q, p).score > best))
    first++;
});
process.stdout.write(
  `positives: ${known} of ${treated.length} treated names traced to a UN-listed person; ` +
    `${found} score >= ${DEFAULT_ALGORITHM.threshold} against it (${((100 * found) / known).toFixed(1)}%), ` +
    `${first} have no other person above it (${((100 * first) / known).toFixed(1)}%)\n`,
);

const targets: EntityRecord[] = entities.filter(
  (e) => e.schema === "Person" && (everyone || dprk.has(e.id)),
);
const rows = csv(
  "negatives",
  gunzipSync(readFileSync(data("eval/yente_cgb_negatives_global.csv.gz"))),
);
const step = Math.max(1, Math.floor(rows.length / sample));
let screened = 0;
let flagged = 0;
let flaggedByName = 0;
for (let i = 0; i < rows.length && screened < sample; i += step) {
  const row = rows[i] as Record<string, string>;
  screened++;
  const { properties } = query(row);
  let best = 0;
  let bestByName = 0;
  let who = "";
  for (const target of targets) {
    const full = DEFAULT_ALGORITHM.score(
      { schema: "Person", properties: { ...properties } },
      target,
    ).score;
    const byName = DEFAULT_ALGORITHM.score(
      { schema: "Person", properties: { name: properties.name ?? [] } },
      target,
    ).score;
    if (full > best) {
      best = full;
      who = target.properties.name?.[0] ?? target.id;
    }
    bestByName = Math.max(bestByName, byName);
  }
  if (best >= DEFAULT_ALGORITHM.threshold) {
    flagged++;
    if (verbose) process.stdout.write(`flagged ${best} ${row.full_name} ~ ${who}\n`);
  }
  if (bestByName >= DEFAULT_ALGORITHM.threshold) flaggedByName++;
}
const percent = (n: number) => `${((100 * n) / screened).toFixed(2)}%`;
process.stdout.write(
  `negatives: ${screened} against ${targets.length} UN-listed persons${everyone ? "" : " (DPRK programmes)"}: ` +
    `${flagged} flagged (${percent(flagged)}) with birth date, nationality and gender; ` +
    `${flaggedByName} (${percent(flaggedByName)}) by name alone\n`,
);
