import { countryCode, type EntityDraft, type ValueIssue } from "../../model/index.js";
import { readCsvRows } from "../csv.js";
import { failedRecord, type ListFormat, type ListInput, type ParsedRecord } from "../format.js";
import {
  addDate,
  addUkName,
  CsvRecord,
  firstLineCells,
  headerColumns,
  ukDate,
  ukDesignation,
  ukNameProperty,
  ukSchema,
} from "./uk-shared.js";

/** Columns without which a row cannot be read. */
const REQUIRED = ["Unique ID", "Name 6", "Name type", "Designation Type", "Regime Name"] as const;

/**
 * The UK Sanctions List as the FCDO publishes it (UK-Sanctions-List.csv, the format of
 * 2025): a "Report Date: 29-Apr-2026" line, a header, then one row per name of a designation;
 * rows sharing a Unique ID are one party (and one Sanction).
 */
export const ukFcdoCsv: ListFormat = {
  id: "uk-fcdo-csv",
  source: "uk",
  label: "UK Sanctions List CSV",
  sniff: (head) => {
    const start = /^\ufeff?"?Report Date:/i.test(head) ? 1 : 0;
    const header = firstLineCells(head, start);
    return ["Unique ID", "OFSI Group ID", "Name 6", "Regime Name"].every((c) => header.includes(c));
  },
  read: readFcdo,
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** "Report Date: 29-Apr-2026" (or 29/04/2026) as an ISO date. */
function reportDate(text: string): string | undefined {
  const named = /Report Date:\s*(\d{1,2})[- ]([A-Za-z]{3})[A-Za-z]*[- ](\d{4})/i.exec(text);
  if (named !== null) {
    const month = MONTHS.indexOf((named[2] ?? "").toLowerCase()) + 1;
    if (month > 0)
      return `${named[3]}-${String(month).padStart(2, "0")}-${(named[1] ?? "").padStart(2, "0")}`;
  }
  const numeric = /Report Date:\s*(\d{1,2}\/\d{1,2}\/\d{4})/i.exec(text);
  return numeric?.[1] === undefined ? undefined : ukDate(numeric[1]);
}

async function* readFcdo(input: ListInput): AsyncIterable<ParsedRecord> {
  const groups = new Map<string, CsvRecord[]>();
  let columns: Map<string, number> | undefined;
  for await (const row of readCsvRows(input.text(), input.label)) {
    if (columns === undefined) {
      const first = row.cells.join(",");
      if (/^\s*Report Date:/i.test(first)) {
        const date = reportDate(first);
        if (date !== undefined) input.setPublished(date);
        continue;
      }
      columns = headerColumns(row, REQUIRED, input.label);
      continue;
    }
    const record = new CsvRecord(input.label, row.line, row.cells, columns);
    if (record.isBlank) continue;
    const id = record.get("Unique ID");
    if (id === "") {
      yield failedRecord(record.at("Unique ID"), "a row without a Unique ID", "Unique ID");
      continue;
    }
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [record]);
    else group.push(record);
  }
  // Rows of one designation are usually adjacent, but nothing in the format promises it.
  for (const [id, rows] of groups) yield designation(id, rows);
}

function designation(uniqueId: string, rows: readonly CsvRecord[]): ParsedRecord {
  const first = rows[0] as CsvRecord;
  const location = { file: first.file, line: first.line };
  const type = first.get("Designation Type");
  const schema = ukSchema(type);
  if (schema === undefined) {
    return failedRecord(
      first.at("Designation Type"),
      `unknown Designation Type "${type}" (expected Individual, Entity or Ship)`,
      "Designation Type",
    );
  }
  const { party, sanction } = ukDesignation(schema, uniqueId, location);
  const issues: ValueIssue[] = [];
  for (const row of rows) {
    if (row.get("Designation Type").toLowerCase() !== type.toLowerCase()) {
      issues.push({
        ...row.at("Designation Type"),
        value: row.get("Designation Type"),
        message: `${uniqueId} is a ${type} on line ${first.line}`,
        severity: "error",
      });
    }
    addNames(party, row, issues);
    addSanction(sanction, row);
    addCommon(party, row);
    if (schema === "Person") addPerson(party, row);
    if (schema === "Vessel") addShip(party, row);
    else addOrganisation(party, row);
  }
  return { location, entities: [party, sanction], issues };
}

function addNames(party: EntityDraft, row: CsvRecord, issues: ValueIssue[]): void {
  const given = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"].map((c) => row.get(c));
  const full = [...given, row.get("Name 6")].filter((p) => p !== "").join(" ");
  const nameType = row.get("Name type");
  let prop = ukNameProperty(nameType, row.get("Alias strength"));
  if (prop === undefined) {
    issues.push({
      ...row.at("Name type"),
      value: nameType,
      message: "unknown name type; the name is kept as an alias",
      severity: "warning",
    });
    prop = "alias";
  }
  addUkName(
    party,
    prop,
    { full, first: row.get("Name 1"), last: row.get("Name 6") },
    row.at("Name 6"),
  );
  party.add("alias", row.get("Name non-latin script"), { at: row.at("Name non-latin script") });
}

function addSanction(sanction: EntityDraft, row: CsvRecord): void {
  const put = (prop: string, column: string, value = row.get(column)) =>
    sanction.add(prop, value, { at: row.at(column) });
  put("program", "Regime Name");
  put("authorityId", "OFSI Group ID");
  put("unscId", "UN Reference Number");
  const designated = row.get("Date Designated");
  addDate(sanction, "startDate", ukDate(designated), designated, row.at("Date Designated"));
  addDate(sanction, "listingDate", ukDate(designated), designated, row.at("Date Designated"));
  const updated = row.get("Last Updated");
  addDate(sanction, "modifiedAt", ukDate(updated), updated, row.at("Last Updated"));
  put("reason", "UK Statement of Reasons");
  sanction.add("provisions", row.get("Sanctions Imposed").split("|"), {
    at: row.at("Sanctions Imposed"),
  });
  const source = row.get("Designation source");
  if (source !== "") sanction.add("summary", `Designation source: ${source}`);
}

/** Values every kind of party can carry. */
function addCommon(party: EntityDraft, row: CsvRecord): void {
  party.add("notes", row.get("Other Information"), { at: row.at("Other Information") });
  const lines = [1, 2, 3, 4, 5, 6].map((n) => row.get(`Address Line ${n}`));
  const address = [...lines, row.get("Address Postal Code"), row.get("Address Country")]
    .filter((p) => p !== "")
    .join(", ");
  party.add("address", address, { at: row.at("Address Line 1") });
  party.add("country", row.get("Address Country"), { at: row.at("Address Country") });
}

function addPerson(party: EntityDraft, row: CsvRecord): void {
  const put = (prop: string, column: string, value: string | string[] = row.get(column)) =>
    party.add(prop, value, { at: row.at(column) });
  put("title", "Title");
  put("gender", "Gender");
  put("position", "Position");
  put("nationality", "Nationality(/ies)", splitNumbered(row.get("Nationality(/ies)")));
  const town = row.get("Town of birth");
  const country = row.get("Country of birth");
  put("birthPlace", "Town of birth", [town, country].filter((p) => p !== "").join(", "));
  // An unknown country (USSR, say) stays in birthPlace rather than being dropped.
  if (countryCode(country) !== undefined) put("birthCountry", "Country of birth");
  put("passportNumber", "Passport number");
  put("idNumber", "National Identifier number");
  documentNote(party, row, "Passport", "Passport number", "Passport additional information");
  documentNote(
    party,
    row,
    "National identifier",
    "National Identifier number",
    "National Identifier additional information",
  );
  addBirthDate(party, row);
}

/**
 * D.O.B as the list writes it: "23/02/1969", "dd/mm/1960", "00/05/1958" or "1960". A day or
 * month that is a placeholder is left out; anything else keeps its years and goes to notes.
 */
function addBirthDate(party: EntityDraft, row: CsvRecord): void {
  const raw = row.get("D.O.B");
  if (raw === "") return;
  const at = row.at("D.O.B");
  const match = /^(\d{1,2}|[dD]{2})\/(\d{1,2}|[mM]{2})\/(\d{4})$/.exec(raw);
  if (match !== null) {
    const [, day = "", month = "", year = ""] = match;
    const m = /^\d+$/.test(month) && Number(month) > 0 ? month.padStart(2, "0") : undefined;
    const d = m !== undefined && /^\d+$/.test(day) && Number(day) > 0 ? day.padStart(2, "0") : "";
    const iso = [year, m, d].filter((p) => p !== undefined && p !== "").join("-");
    addDate(party, "birthDate", iso, raw, at);
    return;
  }
  if (/^\d{4}$/.test(raw)) {
    party.add("birthDate", raw, { at });
    return;
  }
  party.add("birthDate", raw.match(/\b\d{4}\b/g) ?? [], { at, lenient: true });
  party.add("notes", `Date of birth: ${raw}`, { at });
}

function addOrganisation(party: EntityDraft, row: CsvRecord): void {
  const put = (prop: string, column: string, value: string | string[] = row.get(column)) =>
    party.add(prop, value, { at: row.at(column) });
  put("summary", "Type of entity");
  put("registrationNumber", "Business registration number (s)");
  put("phone", "Phone number");
  put("email", "Email address", row.get("Email address").split(/[;,\s]+/));
  put("website", "Website");
  labelledNote(party, row, "Parent company");
  labelledNote(party, row, "Subsidiaries");
  if (party.accepts("imoNumber")) put("imoNumber", "IMO number");
}

function addShip(party: EntityDraft, row: CsvRecord): void {
  const put = (prop: string, column: string, value: string | string[] = row.get(column)) =>
    party.add(prop, value, { at: row.at(column) });
  put("imoNumber", "IMO number");
  put("type", "Type of ship");
  put("flag", "Current believed flag of ship");
  put("pastFlags", "Previous flags", splitNumbered(row.get("Previous flags")));
  put("tonnage", "Tonnage of ship");
  put("registrationNumber", "Hull identification number (HIN)");
  const built = row.get("Year Built");
  if (/^\d{4}$/.test(built)) put("buildDate", "Year Built");
  else if (built !== "") put("notes", "Year Built", `Year built: ${built}`);
  labelledNote(party, row, "Length of ship");
  labelledNote(party, row, "Current owner/operator (s)");
  labelledNote(party, row, "Previous owner/operator (s)");
}

/** "(1) Russia (2) Cyprus" → ["Russia", "Cyprus"]; a single value as it is. */
function splitNumbered(text: string): string[] {
  return text
    .split(/\(\d+\)/)
    .map((p) => p.trim().replace(/[,;]$/, "").trim())
    .filter((p) => p !== "");
}

function labelledNote(party: EntityDraft, row: CsvRecord, column: string): void {
  const value = row.get(column);
  if (value !== "") party.add("notes", `${column}: ${value}`, { at: row.at(column) });
}

function documentNote(
  party: EntityDraft,
  row: CsvRecord,
  label: string,
  numberColumn: string,
  infoColumn: string,
): void {
  const info = row.get(infoColumn);
  if (info === "") return;
  const number = row.get(numberColumn);
  party.add("notes", `${label}${number === "" ? "" : ` ${number}`}: ${info}`, {
    at: row.at(infoColumn),
  });
}
