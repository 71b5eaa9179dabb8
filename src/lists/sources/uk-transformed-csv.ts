import { basename, dirname, join } from "node:path";
import { countryCode, type EntityDraft, Invalid, type ValueIssue } from "../../model/index.js";
import { readCsvRows } from "../csv.js";
import { failedRecord, type ListFormat, type ListInput, type ParsedRecord } from "../format.js";
import {
  addDate,
  addUkName,
  CsvRecord,
  headerColumns,
  regimeCode,
  UK_REGIMES,
  ukDate,
  ukDesignation,
  ukNameProperty,
  ukSchema,
} from "./uk-shared.js";

const SUBJECT_COLUMNS = [
  "unique_id",
  "subject_type",
  "un_reference_number",
  "ofsi_group_id",
  "date_designated",
  "last_updated",
] as const;

/** The four tables beside `subjects`, with the columns each must have. */
const TABLES = {
  subject_names: ["unique_id", "name_type", "alias_strength", "full_name", "name_1", "name_6"],
  subject_identifiers: ["unique_id", "raw_value", "identifier_type", "additional_info"],
  subject_dobs: ["unique_id", "year", "month", "day", "precision"],
  subject_countries: ["unique_id", "raw_value", "country_type", "iso"],
} as const;
type Table = keyof typeof TABLES;

/**
 * The UK Sanctions List as covyr/uk-sanctions-list normalises it: five CSV tables keyed by
 * unique_id. The `subjects` table is the list (one row per designation); its four siblings
 * are read beside it and are not lists on their own, so nothing recognises them.
 */
export const ukTransformedCsv: ListFormat = {
  id: "uk-transformed-csv",
  source: "uk",
  label: "UK Sanctions List, normalised tables",
  sniff: (head) => head.replace(/^\ufeff/, "").split(/\r?\n/, 1)[0] === SUBJECT_COLUMNS.join(","),
  read: readTransformed,
};

/** Rows of one table by unique_id, in file order. */
type ByUid = Map<string, CsvRecord[]>;

async function* readTransformed(input: ListInput): AsyncIterable<ParsedRecord> {
  // A missing table fails the import rather than leaving facts out: an import is a whole
  // new version, so a version without names would close every name the last one had.
  const tables = {} as Record<Table, ByUid>;
  for (const table of Object.keys(TABLES) as Table[]) {
    tables[table] = await loadTable(input, table);
  }
  const seen = new Map<string, number>();
  let columns: Map<string, number> | undefined;
  for await (const row of readCsvRows(input.text(), input.label)) {
    if (columns === undefined) {
      columns = headerColumns(row, SUBJECT_COLUMNS, input.label);
      continue;
    }
    const subject = new CsvRecord(input.label, row.line, row.cells, columns);
    if (subject.isBlank) continue;
    const uid = subject.get("unique_id");
    const earlier = seen.get(uid);
    if (uid === "" || earlier !== undefined) {
      const why = uid === "" ? "a subject without a unique_id" : `${uid} repeats line ${earlier}`;
      yield failedRecord(subject.at("unique_id"), why, "unique_id");
      continue;
    }
    seen.set(uid, row.line);
    yield buildSubject(uid, subject, tables);
  }
  for (const [table, rows] of Object.entries(tables)) {
    for (const [uid, orphans] of rows) {
      if (seen.has(uid)) continue;
      const first = orphans[0] as CsvRecord;
      yield failedRecord(
        first.at("unique_id"),
        `${table} has ${orphans.length} row(s) for ${uid}, which is not in ${basename(input.label)}`,
        "unique_id",
      );
    }
  }
}

/** The name of `table` beside the subjects file: "x_subjects.csv.gz" → "x_subject_names.csv.gz". */
function siblingName(label: string, table: Table): string {
  const name = basename(label);
  if (!/subjects(?=\.csv)/.test(name)) {
    throw new Invalid(
      "missing_sibling",
      `${label}: cannot tell the names of the tables beside it (expected a name with "subjects.csv")`,
      [{ file: label, message: "the subjects file's name does not end in subjects.csv" }],
    );
  }
  return name.replace(/subjects(?=\.csv)/, table);
}

async function loadTable(input: ListInput, table: Table): Promise<ByUid> {
  const name = siblingName(input.label, table);
  const sibling = input.sibling(name);
  if (sibling === undefined) {
    const path = join(dirname(input.label), name);
    throw new Invalid(
      "missing_sibling",
      `${input.label}: ${name} is missing; the normalised UK list is five tables and all are needed`,
      [{ file: path, message: `${table} table not found beside ${basename(input.label)}` }],
    );
  }
  const byUid: ByUid = new Map();
  let columns: Map<string, number> | undefined;
  for await (const row of readCsvRows(sibling.text(), sibling.label)) {
    if (columns === undefined) {
      columns = headerColumns(row, TABLES[table], sibling.label);
      continue;
    }
    const record = new CsvRecord(sibling.label, row.line, row.cells, columns);
    if (record.isBlank) continue;
    const uid = record.get("unique_id");
    const list = byUid.get(uid);
    if (list === undefined) byUid.set(uid, [record]);
    else list.push(record);
  }
  return byUid;
}

function buildSubject(uid: string, subject: CsvRecord, tables: Record<Table, ByUid>): ParsedRecord {
  const location = { file: subject.file, line: subject.line };
  const type = subject.get("subject_type");
  const schema = ukSchema(type);
  if (schema === undefined) {
    return failedRecord(
      subject.at("subject_type"),
      `unknown subject_type "${type}" (expected individual, entity or ship)`,
      "subject_type",
    );
  }
  const { party, sanction } = ukDesignation(schema, uid, location);
  const put = (prop: string, column: string) =>
    sanction.add(prop, subject.get(column), { at: subject.at(column) });
  const code = regimeCode(uid);
  sanction.add("program", code === undefined ? undefined : UK_REGIMES[code]);
  put("authorityId", "ofsi_group_id");
  put("unscId", "un_reference_number");
  const designated = subject.get("date_designated");
  addDate(sanction, "startDate", ukDate(designated), designated, subject.at("date_designated"));
  addDate(sanction, "listingDate", ukDate(designated), designated, subject.at("date_designated"));
  const updated = subject.get("last_updated");
  addDate(sanction, "modifiedAt", ukDate(updated), updated, subject.at("last_updated"));

  const issues: ValueIssue[] = [];
  for (const row of tables.subject_names.get(uid) ?? []) addName(party, row, issues);
  for (const row of tables.subject_identifiers.get(uid) ?? []) addIdentifier(party, row, issues);
  for (const row of tables.subject_dobs.get(uid) ?? []) addDob(party, row, issues);
  for (const row of tables.subject_countries.get(uid) ?? []) addCountry(party, row, issues);
  return { location, entities: [party, sanction], issues };
}

function addName(party: EntityDraft, row: CsvRecord, issues: ValueIssue[]): void {
  let prop = ukNameProperty(row.get("name_type"), row.get("alias_strength"));
  if (prop === undefined) {
    issues.push(warning(row, "name_type", "unknown name type; the name is kept as an alias"));
    prop = "alias";
  }
  const parts = { full: row.get("full_name"), first: row.get("name_1"), last: row.get("name_6") };
  addUkName(party, prop, parts, row.at("full_name"));
}

/** identifier_type → FtM property, and how the list's note about it is labelled. */
const IDENTIFIERS: Readonly<Record<string, readonly [prop: string, label: string]>> = {
  passport: ["passportNumber", "Passport"],
  national: ["idNumber", "National identifier"],
  business_registration_numbers: ["registrationNumber", "Business registration number"],
  imo: ["imoNumber", "IMO number"],
  hull_identification_number_hin: ["registrationNumber", "Hull identification number"],
};

function addIdentifier(party: EntityDraft, row: CsvRecord, issues: ValueIssue[]): void {
  const type = row.get("identifier_type");
  const known = IDENTIFIERS[type];
  let prop = known?.[0] ?? "idNumber";
  if (known === undefined) {
    issues.push(warning(row, "identifier_type", "unknown identifier type; kept as idNumber"));
  }
  if (!party.accepts(prop)) {
    issues.push(
      warning(row, "identifier_type", `a ${party.schema.name} has no ${prop}; kept in notes`),
    );
    prop = "notes";
  }
  const value = row.get("raw_value");
  party.add(prop, prop === "notes" ? `${type}: ${value}` : value, { at: row.at("raw_value") });
  const info = row.get("additional_info");
  if (info !== "") {
    const label = known?.[1] ?? type;
    party.add("notes", `${label} ${value}: ${info}`, { at: row.at("additional_info") });
  }
}

const PRECISION_PARTS: Readonly<Record<string, number>> = { exact: 3, month_year: 2, year_only: 1 };

function addDob(party: EntityDraft, row: CsvRecord, issues: ValueIssue[]): void {
  const year = row.get("year");
  const month = row.get("month");
  const day = row.get("day");
  const mm = month === "" ? "" : month.padStart(2, "0");
  const dd = month === "" || day === "" ? "" : day.padStart(2, "0");
  const parts = [year, mm, dd];
  const date = parts.filter((p) => p !== "").join("-");
  party.add("birthDate", date, { at: row.at("year/month/day") });
  const precision = row.get("precision");
  const expected = PRECISION_PARTS[precision];
  if (date !== "" && expected !== date.split("-").length) {
    issues.push(warning(row, "precision", `precision "${precision}" does not fit ${date}`));
  }
}

/** country_type → FtM property. */
const COUNTRIES: Readonly<Record<string, string>> = {
  birth: "birthCountry",
  nationality: "nationality",
  address: "country",
};

function addCountry(party: EntityDraft, row: CsvRecord, issues: ValueIssue[]): void {
  const type = row.get("country_type");
  let prop = COUNTRIES[type] ?? "country";
  if (COUNTRIES[type] === undefined) {
    issues.push(warning(row, "country_type", "unknown country type; kept as country"));
  }
  if (!party.accepts(prop)) prop = "country";
  // The table's own resolution to ISO codes comes first; the raw name is the fallback.
  const iso = row.get("iso");
  const raw = row.get("raw_value");
  if (iso !== "") party.add(prop, iso, { at: row.at("iso") });
  else if (prop === "birthCountry" && countryCode(raw) === undefined) {
    // A birth country that is no country today (USSR) is kept as the place of birth.
    party.add("birthPlace", raw, { at: row.at("raw_value") });
  } else party.add(prop, raw, { at: row.at("raw_value") });
}

function warning(row: CsvRecord, column: string, message: string): ValueIssue {
  return { ...row.at(column), value: row.get(column), message, severity: "warning" };
}
