import { cleanDate, EntityDraft, Invalid, type Location, makeId } from "../../model/index.js";
import type { CsvRow } from "../csv.js";
import { SOURCES } from "../format.js";

/**
 * What both UK importers share: a CSV reader that keeps line numbers, and the mapping of the
 * UK Sanctions List's own vocabulary (designation types, name types, regimes) to FtM, so
 * that the FCDO's CSV and the normalised tables of the same list give the same entities.
 */

/** A CSV record with its cells looked up by column name (trimmed; "" when absent). */
export class CsvRecord {
  constructor(
    readonly file: string,
    readonly line: number,
    private readonly cells: readonly string[],
    private readonly columns: ReadonlyMap<string, number>,
  ) {}

  get(column: string): string {
    const index = this.columns.get(column);
    return index === undefined ? "" : (this.cells[index] ?? "").trim();
  }

  /** Where a value of `column` sits, for issues. */
  at(column: string): Location {
    return { file: this.file, line: this.line, field: column };
  }

  get isBlank(): boolean {
    return this.cells.every((cell) => cell.trim() === "");
  }
}

/** Column positions of a header row; throws Invalid naming the first required one missing. */
export function headerColumns(
  header: CsvRow,
  required: readonly string[],
  label: string,
): Map<string, number> {
  const columns = new Map<string, number>();
  header.cells.forEach((name, index) => {
    const key = name.trim();
    if (!columns.has(key)) columns.set(key, index);
  });
  for (const name of required) {
    if (!columns.has(name)) {
      throw new Invalid("missing_column", `${label}:${header.line}: no "${name}" column`, [
        { file: label, line: header.line, field: name, message: "required column missing" },
      ]);
    }
  }
  return columns;
}

/** The first line of `head` split as a CSV header (for sniffing). */
export function firstLineCells(head: string, lineIndex = 0): string[] {
  const line = head.replace(/^\ufeff/, "").split(/\r?\n/)[lineIndex] ?? "";
  return line.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
}

/** FtM schema of a UK designation type ("Individual", "entity", "Ship"), or undefined. */
export function ukSchema(
  designationType: string,
): "Person" | "Organization" | "Vessel" | undefined {
  switch (designationType.trim().toLowerCase()) {
    case "individual":
      return "Person";
    case "entity":
      return "Organization";
    case "ship":
      return "Vessel";
    default:
      return undefined;
  }
}

/**
 * The FtM name property of a UK name type ("Primary Name", "primary_variation", "Alias") and
 * alias strength ("Low quality a.k.a" makes a weakAlias); undefined for an unknown type.
 */
export function ukNameProperty(
  nameType: string,
  aliasStrength: string,
): "name" | "alias" | "weakAlias" | undefined {
  const type = nameType.toLowerCase().replace(/[^a-z]/g, "");
  if (type === "primaryname" || type === "primary") return "name";
  if (type === "primarynamevariation" || type === "primaryvariation") return "alias";
  if (type === "alias" || type === "aka") {
    return /low/i.test(aliasStrength) ? "weakAlias" : "alias";
  }
  return undefined;
}

/**
 * The UK regimes by the three-letter prefix of their Unique IDs, named as the UK Sanctions
 * List names them. The normalised tables drop the "Regime Name" column, so the prefix is all
 * they keep of it; this table puts the name back.
 */
export const UK_REGIMES: Readonly<Record<string, string>> = {
  AFG: "Afghanistan",
  AQD: "ISIL (Da'esh) and Al-Qaida",
  BEL: "Belarus",
  BIH: "Bosnia and Herzegovina",
  CAF: "Central African Republic",
  CHW: "Chemical Weapons",
  CTD: "Counter-Terrorism (Domestic)",
  CTI: "Counter-Terrorism (International)",
  CYB: "Cyber",
  DPR: "Democratic People's Republic of Korea",
  DRC: "Democratic Republic of the Congo",
  GAC: "Global Anti-Corruption",
  GHR: "Global Human Rights",
  GIM: "Global Irregular Migration and Trafficking in Persons",
  GUB: "Guinea-Bissau",
  GUC: "Guinea",
  HAI: "Haiti",
  INU: "Iran (Nuclear)",
  IRN: "Iran",
  IRQ: "Iraq",
  LIB: "Libya",
  MAL: "Mali",
  MYA: "Myanmar",
  NIC: "Nicaragua",
  RUS: "Russia",
  SOM: "Somalia",
  SSU: "South Sudan",
  SUD: "Sudan",
  SYR: "Syria",
  VEN: "Venezuela",
  YEM: "Yemen",
};

/** The regime prefix of a Unique ID ("DPR0075" → "DPR"), or undefined. */
export function regimeCode(uniqueId: string): string | undefined {
  return /^([A-Z]{3})\d/.exec(uniqueId)?.[1];
}

/** "31/12/2020" (optionally with a time) as "2020-12-31"; other text unchanged, to be rejected. */
export function ukDate(text: string): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text.trim());
  if (match === null) return text;
  const [, day, month, year] = match;
  return `${year}-${(month ?? "").padStart(2, "0")}-${(day ?? "").padStart(2, "0")}`;
}

/**
 * Adds `iso` (a date built from the list's `raw` text) to `prop`; an impossible date is an
 * error that quotes the text as the file has it ("31/02/1975", not "1975-02-31").
 */
export function addDate(
  draft: EntityDraft,
  prop: string,
  iso: string,
  raw: string,
  at: Location,
): void {
  if (raw === "") return;
  const cleaned = cleanDate(iso);
  if (cleaned.ok) {
    draft.add(prop, cleaned.value, { at });
    return;
  }
  draft.issues.push({
    ...draft.location,
    ...at,
    value: raw,
    message: `${cleaned.message} (${draft.schema.name}:${prop})`,
    severity: "error",
  });
}

/** The party and its Sanction, with what every UK designation carries. */
export function ukDesignation(
  schema: string,
  uniqueId: string,
  location: Location,
): { party: EntityDraft; sanction: EntityDraft } {
  const party = new EntityDraft(schema, makeId("gb-fcdo", uniqueId), location);
  party.add("topics", "sanction");
  const sanction = new EntityDraft("Sanction", makeId("gb-fcdo-sanction", uniqueId), location);
  sanction.link("entity", party);
  sanction.add("authority", SOURCES.uk.publisher);
  sanction.add("authorityId", uniqueId);
  sanction.add("sourceUrl", SOURCES.uk.url);
  const code = regimeCode(uniqueId);
  sanction.add("program", code);
  return { party, sanction };
}

/** Adds a name of `prop` and, for a person's primary name, its first and last parts. */
export function addUkName(
  party: EntityDraft,
  prop: "name" | "alias" | "weakAlias",
  parts: { readonly full: string; readonly first: string; readonly last: string },
  at: Location,
): void {
  party.add(prop, parts.full, { at });
  if (prop === "name" && party.schema.name === "Person") {
    party.add("firstName", parts.first, { at });
    party.add("lastName", parts.last, { at });
  }
}
