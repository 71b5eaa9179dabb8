import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import {
  EntityDraft,
  findProperty,
  Invalid,
  type Location,
  makeId,
  type ValueIssue,
  walletId,
} from "../../model/index.js";
import {
  failedRecord,
  type ListFormat,
  type ListInput,
  type ParsedRecord,
  SOURCES,
} from "../format.js";
import { readLines } from "../lines.js";
import { parseRemarks, type Remark } from "./ofac-remarks.js";

/**
 * OFAC's legacy SDN CSV: sdn.csv (12 columns, no header, "-0-" for empty), with alt.csv
 * (aliases), add.csv (addresses) and sdn_comments.csv (remarks past 1,000 characters) read
 * from beside it when present. Ids are `ofac-<ent_num>`, the uid sdn_advanced.xml uses too.
 */
export const ofacCsv: ListFormat = {
  id: "ofac-sdn-csv",
  source: "us-ofac",
  label: "US OFAC SDN legacy CSV",
  sniff: sniffSdnCsv,
  read: readSdnCsv,
};

const AUTHORITY = SOURCES["us-ofac"].publisher;
const SDN_COLUMNS = [
  "ent_num",
  "SDN_Name",
  "SDN_Type",
  "Program",
  "Title",
  "Call_Sign",
  "Vess_type",
  "Tonnage",
  "GRT",
  "Vess_flag",
  "Vess_owner",
  "Remarks",
] as const;
/** OFAC cuts Remarks at this length and continues them in sdn_comments.csv. */
const REMARKS_LIMIT = 1000;
const EOF_MARK = "\x1a";

/** The first line is a row: a number, a quoted name, a type (or -0-), a program, 12 fields. */
function sniffSdnCsv(head: string): boolean {
  const first = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (!/^\d+,"(?:[^"]|"")*",(?:-0- *|"(?:individual|vessel|aircraft)"),"[^"]*",/.test(first))
    return false;
  try {
    const rows = parse(first, { relax_column_count: true, trim: true }) as string[][];
    return rows[0]?.length === SDN_COLUMNS.length;
  } catch {
    return false;
  }
}

interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** One row of a sibling file (alt.csv, add.csv, sdn_comments.csv), keyed by ent_num. */
interface SiblingRow extends CsvRow {
  readonly file: string;
}

type Siblings = Readonly<Record<"alt" | "add" | "comments", Map<string, SiblingRow[]>>>;

async function* readSdnCsv(input: ListInput): AsyncIterable<ParsedRecord> {
  const siblingFiles = siblingInputs(input);
  const siblings: Siblings = { alt: new Map(), add: new Map(), comments: new Map() };
  const problems: ParsedRecord[] = [];
  for (const [key, sibling] of Object.entries(siblingFiles) as [keyof Siblings, ListInput][]) {
    for await (const row of readLegacyRows(sibling)) {
      const at = { file: sibling.label, line: row.line };
      const want = key === "alt" ? 5 : key === "add" ? 6 : 2;
      if (row.fields.length !== want) {
        problems.push(failedRecord(at, `expected ${want} columns, found ${row.fields.length}`));
        continue;
      }
      const entNum = row.fields[0] ?? "";
      const rows = siblings[key].get(entNum) ?? [];
      rows.push({ ...row, file: sibling.label });
      siblings[key].set(entNum, rows);
    }
  }
  yield* problems;

  const seen = new Map<string, number>();
  for await (const row of readLegacyRows(input)) {
    const at = { file: input.label, line: row.line };
    if (row.fields.length !== SDN_COLUMNS.length) {
      yield failedRecord(
        at,
        `expected ${SDN_COLUMNS.length} columns (${SDN_COLUMNS.join(", ")}), found ${row.fields.length}`,
      );
      continue;
    }
    const entNum = row.fields[0] ?? "";
    const earlier = seen.get(entNum);
    if (earlier !== undefined) {
      yield failedRecord(at, `ent_num ${entNum} already listed on line ${earlier}`, "ent_num");
      continue;
    }
    seen.set(entNum, row.line);
    yield mapRow(row.fields, at, siblings);
  }

  // Aliases and addresses of parties sdn.csv does not list: say so rather than drop them.
  for (const key of ["alt", "add", "comments"] as const) {
    for (const [entNum, rows] of siblings[key]) {
      if (seen.has(entNum)) continue;
      for (const row of rows) {
        const issue: ValueIssue = {
          file: row.file,
          line: row.line,
          field: "ent_num",
          value: entNum,
          message: `ent_num ${entNum} is not in ${input.label}; row ignored`,
          severity: "warning",
        };
        yield { location: { file: row.file, line: row.line }, entities: [], issues: [issue] };
      }
    }
  }
}

/**
 * alt.csv, add.csv and sdn_comments.csv beside the file, named as OFAC names them: the "sdn"
 * that starts the file's name is replaced (sdn.csv → alt.csv, SDN_x.CSV → ALT_x.CSV).
 */
function siblingInputs(input: ListInput): Partial<Record<keyof Siblings, ListInput>> {
  const name = basename(input.label);
  const match = /^(sdn)(.*)$/i.exec(name);
  if (match === null) return {};
  const [, prefix = "", rest = ""] = match;
  const upper = prefix === prefix.toUpperCase();
  const cased = (text: string) => (upper ? text.toUpperCase() : text);
  const found: Partial<Record<keyof Siblings, ListInput>> = {};
  const alt = input.sibling(`${cased("alt")}${rest}`);
  const add = input.sibling(`${cased("add")}${rest}`);
  const comments = input.sibling(`${prefix}${cased("_comments")}${rest}`);
  if (alt !== undefined) found.alt = alt;
  if (add !== undefined) found.add = add;
  if (comments !== undefined) found.comments = comments;
  return found;
}

/** Longest record, in lines, that a quoted field may span before the file counts as broken. */
const MAX_RECORD_LINES = 50;

/**
 * CSV records with the line each starts on. Unlike the strict reader of `../csv.ts`, lines are
 * joined while a quote is open and each record is parsed with relaxed quotes, so one broken
 * row of the legacy file fails alone; a quote left open for many lines makes the file Invalid.
 */
async function* readLegacyRows(input: ListInput): AsyncIterable<CsvRow> {
  let pending: string[] = [];
  let start = 0;
  for await (const { line, text } of readLines(input.text())) {
    if (pending.length === 0) start = line;
    pending.push(text);
    const record = pending.join("\n");
    if (quoteCount(record) % 2 === 1) {
      if (pending.length >= MAX_RECORD_LINES)
        throw new Invalid("bad_csv", `${input.label}:${start}: a quoted field is never closed`, [
          { file: input.label, line: start, message: "unterminated quoted field" },
        ]);
      continue;
    }
    pending = [];
    const trimmed = record.trim();
    if (trimmed === "" || trimmed === EOF_MARK) continue;
    yield { line: start, fields: parseRecord(record) };
  }
  if (pending.length > 0)
    throw new Invalid("bad_csv", `${input.label}:${start}: the file ends inside a quoted field`, [
      { file: input.label, line: start, message: "unterminated quoted field" },
    ]);
}

function quoteCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) count++;
  return count;
}

function parseRecord(record: string): string[] {
  const rows = parse(record, {
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
  }) as string[][];
  return rows[0] ?? [];
}

/** "-0-" is OFAC's empty value. */
function value(field: string | undefined): string | undefined {
  const text = field?.trim();
  return text === undefined || text === "" || text === "-0-" ? undefined : text;
}

const SCHEMA_BY_TYPE: Readonly<Record<string, string>> = {
  individual: "Person",
  vessel: "Vessel",
  aircraft: "Airplane",
};

function mapRow(
  fields: readonly string[],
  at: Location & { file: string; line: number },
  siblings: Siblings,
): ParsedRecord {
  const [entNum, name, type, program, title, callSign, vesselType, tonnage, grt, flag, owner] =
    fields.map(value);
  if (entNum === undefined || !/^\d+$/.test(entNum))
    return failedRecord(at, `ent_num must be a number, found "${fields[0]}"`, "ent_num");
  if (name === undefined) return failedRecord(at, "missing SDN_Name", "SDN_Name");
  const schemaName = type === undefined ? "LegalEntity" : SCHEMA_BY_TYPE[type.toLowerCase()];
  if (schemaName === undefined) return failedRecord(at, `unknown SDN_Type "${type}"`, "SDN_Type");

  const { remarks, cutOff } = fullRemarks(fields[11], siblings.comments.get(entNum));
  const facts = parseRemarks(remarks, cutOff);
  const hasCompanyImo = facts.some((f) => f.kind === "value" && f.prop === "imoNumber");
  // An IMO company number needs a schema that has imoNumber: Organization is the LegalEntity
  // that does, so such a row stays mergeable with the same party read as LegalEntity.
  const schema = schemaName === "LegalEntity" && hasCompanyImo ? "Organization" : schemaName;
  const party = new EntityDraft(schema, makeId("ofac", entNum), at);
  party.add("name", name).add("topics", "sanction");
  if (schema === "Person") addNameParts(party, name);

  const field = (column: (typeof SDN_COLUMNS)[number]) => ({ at: { ...at, field: column } });
  addOrNote(party, "position", title, "Title", field("Title"));
  addOrNote(party, "callSign", callSign, "Call sign", field("Call_Sign"));
  addOrNote(party, "type", vesselType, "Type", field("Vess_type"));
  addOrNote(party, "tonnage", tonnage?.replace(/,/g, ""), "Tonnage", field("Tonnage"));
  addOrNote(party, "grossRegisteredTonnage", grt?.replace(/,/g, ""), "GRT", field("GRT"));
  addOrNote(party, "flag", flag, "Flag", field("Vess_flag"));
  if (owner !== undefined) party.add("notes", `Owner: ${owner}`);

  const sanction = new EntityDraft("Sanction", makeId("ofac-sanction", entNum), at)
    .link("entity", party)
    .add("authority", AUTHORITY)
    .add("authorityId", entNum)
    .add("country", "us")
    .add("sourceUrl", `https://sanctionssearch.ofac.treas.gov/Details.aspx?id=${entNum}`)
    .add(
      "program",
      program?.split(/\]\s*\[/).map((p) => p.trim()),
    );
  const wallets = new Map<string, EntityDraft>();
  const issues: ValueIssue[] = [];
  const remarksAt = { ...at, field: "Remarks" };
  for (const fact of facts) applyRemark(fact, party, sanction, wallets, remarksAt, title);
  if (cutOff) {
    issues.push({
      ...remarksAt,
      message: `Remarks reach OFAC's ${REMARKS_LIMIT}-character limit and no sdn_comments.csv row continues them: facts past the cut are missing, and a fact cut in two is kept in notes only`,
      value: remarks.slice(-60),
      severity: "warning",
    });
  }
  for (const alt of siblings.alt.get(entNum) ?? []) applyAlt(party, alt);
  for (const address of siblings.add.get(entNum) ?? []) applyAddress(party, address);
  return { location: at, entities: [party, sanction, ...wallets.values()], issues };
}

/** Remarks with their sdn_comments.csv continuation; cut off if at the limit and not continued. */
function fullRemarks(
  field: string | undefined,
  continuation: readonly SiblingRow[] | undefined,
): { remarks: string; cutOff: boolean } {
  // Untrimmed: the cut may fall on a space that the continuation relies on.
  const own = value(field) === undefined ? "" : (field ?? "");
  const extra = (continuation ?? []).map((row) => row.fields[1] ?? "").join("");
  if (extra !== "") return { remarks: own + extra, cutOff: false };
  return { remarks: own, cutOff: own.length >= REMARKS_LIMIT };
}

/** "KIM, Yong Chol": one comma between a surname and given names is a reliable split. */
function addNameParts(person: EntityDraft, name: string): void {
  const parts = name.split(",");
  if (parts.length !== 2) return;
  const [last, first] = parts.map((p) => p.trim());
  if (!last || !first) return;
  person.add("lastName", last).add("firstName", first);
}

function addOrNote(
  draft: EntityDraft,
  prop: string,
  text: string | undefined,
  label: string,
  options: { at: Location },
): void {
  if (text === undefined) return;
  if (propertyType(draft, prop) !== undefined) draft.add(prop, text, options);
  else draft.add("notes", `${label}: ${text}`);
}

const propertyTypes = new Map<string, string | undefined>();

/** The FtM type of `prop` on the draft's schema, memoised: FtM rebuilds property maps per call. */
function propertyType(draft: EntityDraft, prop: string): string | undefined {
  const key = `${draft.schema.name}:${prop}`;
  if (!propertyTypes.has(key)) propertyTypes.set(key, findProperty(draft.schema, prop)?.type.name);
  return propertyTypes.get(key);
}

/** Properties a remark names for people that organisations hold under another name. */
const NON_PERSON_PROP: Readonly<Record<string, string>> = {
  nationality: "country",
  citizenship: "country",
};

/** And the reverse: a person's registration number is an identity document number. */
const PERSON_PROP: Readonly<Record<string, string>> = {
  registrationNumber: "idNumber",
};

function applyRemark(
  fact: Remark,
  party: EntityDraft,
  sanction: EntityDraft,
  wallets: Map<string, EntityDraft>,
  at: Location,
  title: string | undefined,
): void {
  switch (fact.kind) {
    case "value": {
      const isPerson = party.schema.isA("Person");
      const prop = (isPerson ? PERSON_PROP : NON_PERSON_PROP)[fact.prop] ?? fact.prop;
      const type = propertyType(party, prop);
      if (type === undefined) {
        party.add("notes", fact.segment);
        return;
      }
      // A vessel's IMO number identifies the hull: a wrong check digit is an error of the row.
      const strict = prop === "imoNumber" && party.schema.name === "Vessel";
      party.add(prop, fact.value, {
        at: { ...at, field: prop },
        lenient: !strict,
      });
      return;
    }
    case "wallet": {
      const id = walletId("ofac", fact.currency, fact.address);
      const wallet =
        wallets.get(id) ??
        new EntityDraft("CryptoWallet", id, party.location)
          .add("publicKey", fact.address)
          .add("currency", fact.currency)
          .add("topics", "sanction")
          .link("holder", party);
      wallets.set(id, wallet);
      return;
    }
    case "provision":
      sanction.add("provisions", fact.value);
      return;
    case "note":
      // OFAC repeats the Title column in the remarks; once is enough.
      if (fact.segment !== title) party.add("notes", fact.segment);
      return;
    case "cut":
      party.add("notes", `${fact.segment} [cut off]`);
      return;
  }
}

const ALT_PROP: Readonly<Record<string, string>> = {
  aka: "alias",
  nka: "alias",
  fka: "previousName",
};

/** alt.csv: ent_num, alt_num, alt_type (aka, fka, nka), alt_name, alt_remarks. */
function applyAlt(party: EntityDraft, row: SiblingRow): void {
  const [, , type, name, remarks] = row.fields.map(value);
  const at = { file: row.file, line: row.line };
  const prop = ALT_PROP[(type ?? "aka").toLowerCase().replace(/\./g, "")];
  if (prop === undefined) {
    party.issues.push({
      ...at,
      field: "alt_type",
      value: type ?? "",
      message: `unknown alt_type; "${name}" kept as an alias`,
      severity: "warning",
    });
  }
  party.add(prop ?? "alias", name, { at: { ...at, field: "alt_name" } });
  if (remarks !== undefined) party.add("notes", `${name}: ${remarks}`);
}

/** add.csv: ent_num, add_num, address, city/state/zip, country, add_remarks. */
function applyAddress(party: EntityDraft, row: SiblingRow): void {
  const [, , street, city, country, remarks] = row.fields.map(value);
  const at = { file: row.file, line: row.line };
  const full = [street, city, country].filter((p) => p !== undefined).join(", ");
  party.add("address", full === "" ? undefined : full, { at: { ...at, field: "address" } });
  party.add("country", country, { at: { ...at, field: "country" }, lenient: true });
  if (remarks !== undefined) party.add("notes", `Address: ${full}: ${remarks}`);
}
