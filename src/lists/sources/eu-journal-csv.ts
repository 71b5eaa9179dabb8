import {
  EntityDraft,
  getSchema,
  Invalid,
  type Location,
  makeId,
  type ValueIssue,
} from "../../model/index.js";
import { readCsvRows } from "../csv.js";
import { failedRecord, type ListFormat, type ListInput, type ParsedRecord } from "../format.js";

/** The leading columns of a consolidated file (OpenSanctions' data/FORMAT.md). */
const HEADER_START = "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,";
const REQUIRED = ["celex", "programKey", "measure", "schema", "name"] as const;
/** Columns about the designation, not the party; every other column is an FtM property. */
const SANCTION_COLUMNS = new Set([
  "celex",
  "recordId",
  "programKey",
  "annex",
  "measure",
  "startDate",
  "reason",
  "schema",
  "name",
]);
const AUTHORITY = "Council of the European Union";

/**
 * OpenSanctions' transcription of EU sanctions regulation annexes (one consolidated CSV per
 * act, e.g. 32017R1509.csv for the DPRK): one row per designation in one annex and measure.
 * Rows carry no FSF logicalId, so parties get `eu-journal-…` ids from the act, annex and entry
 * number; vessels are keyed by IMO number, as the same hull is listed under several measures.
 */
export const euJournalCsv: ListFormat = {
  id: "eu-journal-csv",
  source: "eu",
  label: "EU sanctions regulation annex CSV (OpenSanctions transcription)",
  sniff: (head) => head.replace(/^\uFEFF/, "").startsWith(HEADER_START),
  read: readJournal,
};

async function* readJournal(input: ListInput): AsyncIterable<ParsedRecord> {
  let header: string[] | undefined;
  for await (const { line, cells } of readCsvRows(input.text(), input.label)) {
    if (header === undefined) {
      header = cells.map((c) => c.trim());
      checkHeader(header, input.label);
      continue;
    }
    yield readRow(header, cells, { file: input.label, line });
  }
  if (header === undefined)
    throw new Invalid("empty_list", `${input.label}: the file is empty`, [
      { file: input.label, message: "no header line" },
    ]);
}

function checkHeader(header: readonly string[], file: string): void {
  for (const column of REQUIRED)
    if (!header.includes(column))
      throw new Invalid("missing_column", `${file}: the header has no "${column}" column`, [
        { file, line: 1, field: column, message: `missing required column "${column}"` },
      ]);
}

function readRow(header: readonly string[], record: readonly string[], at: Location): ParsedRecord {
  if (record.length !== header.length)
    return failedRecord(at, `the row has ${record.length} fields, the header ${header.length}`);
  const row = new Map(header.map((column, i) => [column, (record[i] ?? "").trim()]));
  const cell = (column: string) => row.get(column) ?? "";
  const schemaName = cell("schema");
  try {
    getSchema(schemaName);
  } catch {
    return failedRecord(at, `unknown FtM schema "${schemaName}"`, "schema");
  }
  const name = cell("name");
  if (name === "") return failedRecord(at, "the row has no name", "name");

  const celex = cell("celex");
  const annex = cell("annex");
  const entry = cell("recordId") || name;
  const imo =
    schemaName === "Vessel" ? /^(?:IMO\s*)?(\d{7})$/i.exec(cell("imoNumber"))?.[1] : undefined;
  // A vessel is listed once per measure (asset freeze and port ban) under different entries.
  const partyId =
    imo === undefined ? makeId("eu-journal", celex, annex, entry) : makeId("eu-journal-imo", imo);
  const party = new EntityDraft(schemaName, partyId, at);
  const issues: ValueIssue[] = [];
  party.add("name", name, { at: { ...at, field: "name" } });
  party.add("topics", "sanction");
  for (const column of header) {
    const text = cell(column);
    if (SANCTION_COLUMNS.has(column) || text === "") continue;
    const where = { ...at, field: column };
    if (!party.accepts(column)) {
      issues.push({
        ...where,
        value: text,
        message: `${schemaName} has no property "${column}"; value not imported`,
        severity: "warning",
      });
      continue;
    }
    for (const value of splitValues(text)) addValue(party, column, value, where);
  }

  const sanction = new EntityDraft(
    "Sanction",
    makeId("eu-journal-sanction", celex, annex, entry, cell("measure"), cell("programKey")),
    at,
  );
  sanction.link("entity", party);
  sanction.add("authority", AUTHORITY);
  sanction.add("program", cell("programKey"));
  sanction.add("programId", cell("programKey"));
  sanction.add("provisions", cell("measure"));
  sanction.add("reason", cell("reason"));
  sanction.add("recordId", cell("recordId"));
  sanction.add("summary", describeEntry(celex, annex, cell("recordId")));
  sanction.add(
    "sourceUrl",
    /^\d{5}[A-Z]\d{4}$/.test(celex)
      ? `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:${celex}`
      : undefined,
  );
  const start = cell("startDate");
  if (start !== "")
    sanction.add("startDate", parseDate(start) ?? start, { at: { ...at, field: "startDate" } });
  return { location: at, entities: [party, sanction], issues };
}

/** "Regulation (EU) 2017/1509, Annex XIII.A, entry 12" from the CELEX number and the cells. */
function describeEntry(celex: string, annex: string, recordId: string): string {
  const act = /^3(\d{4})([RD])(\d{4})$/.exec(celex);
  const kind = act?.[2] === "R" ? "Regulation (EU)" : "Decision (CFSP)";
  const parts = [act === null ? `CELEX ${celex}` : `${kind} ${act[1]}/${Number(act[3])}`];
  if (annex !== "") parts.push(`Annex ${annex}`);
  if (recordId !== "") parts.push(`entry ${recordId}`);
  return parts.join(", ");
}

/**
 * Splits a multi-valued cell: values separated by ";", a value holding ";" or '"' is quoted
 * with embedded quotes doubled (`"Foo; Bar"; Baz` is two values).
 */
export function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === "") {
      quoted = true;
      current = "";
    } else if (char === ";") {
      values.push(current);
      current = "";
    } else current += char;
  }
  values.push(current);
  return values.map((v) => v.trim()).filter((v) => v !== "");
}

/** Printed placeholders that mean "there is no such identifier". */
const PLACEHOLDER = /^(does not exist|none|unknown|not known|n\/?a|-)\.?$/i;
const DEMONYMS: Readonly<Record<string, string>> = {
  russian: "ru",
  chinese: "cn",
  "north korean": "kp",
};

function addValue(party: EntityDraft, prop: string, value: string, at: Location): void {
  const type = party.typeOf(prop);
  if (type === "date") {
    addDates(party, prop, value, at);
    return;
  }
  if (type === "identifier") {
    // One printed value may still hold several numbers ("1 (expired 2018); 2 (expired 2019)").
    for (const piece of splitOutsideParens(value)) addIdentifier(party, prop, piece, at);
    return;
  }
  if (type === "email") {
    const found = value.match(/[^\s@;,"]+@[^\s@;,"]+\.[A-Za-z]{2,}/g);
    party.add(prop, found ?? value, { at, lenient: true });
    return;
  }
  if (type === "country" || type === "gender") {
    const plain = value.replace(/\.$/, "");
    party.add(prop, DEMONYMS[plain.toLowerCase()] ?? plain, { at });
    return;
  }
  party.add(prop, value, { at });
}

/**
 * "836110035 (diplomatic)", "836420186, issued 28.10.2016": the leading number is the
 * identifier, the rest a note about it; placeholders ("Does not exist") are notes only.
 */
function addIdentifier(party: EntityDraft, prop: string, value: string, at: Location): void {
  const piece = value.trim();
  if (piece === "") return;
  if (PLACEHOLDER.test(piece)) {
    party.add("notes", `${prop}: ${piece}`);
    return;
  }
  const match = /^(\S+(?:[\s-]+\d+)?)(.*)$/.exec(piece);
  const number = match?.[1]?.replace(/[,.;:]+$/, "") ?? piece;
  const lead = (match?.[2] ?? "").replace(/^[\s,;:(]+/, "").replace(/[\s.]+$/, "");
  const rest = lead.includes("(") ? lead : lead.replace(/\)+$/, "");
  if (!/\d/.test(number) || rest === "") {
    party.add(prop, rest === "" ? number : piece, { at });
    return;
  }
  party.add(prop, number, { at });
  party.add("notes", `${prop} ${number}: ${rest}`);
}

/** Splits on ";" that are not inside parentheses. */
function splitOutsideParens(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth = Math.max(0, depth - 1);
    else if (text[i] === ";" && depth === 0) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DOTTED = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/g;
const WORDED = /\b(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})\b/g;
const ISO = /\b\d{4}-\d{2}-\d{2}\b/g;
const YEAR = /\b(1[89]\d{2}|20\d{2})\b/g;
/** What may surround dates in a cell without carrying information of its own. */
const FILLER = /\b(or|and|circa|approximately|approx|between|a|b|c|d)\b|[\s,.;:/()–-]+/gi;

/** `16.7.2009`, `2 December 1985`, `26 Feb. 2011` or ISO → ISO; undefined for anything else. */
function parseDate(text: string): string | undefined {
  const plain = text.replace(/\.$/, "").trim();
  const found = findDates(plain);
  return found.dates.length === 1 && found.rest === "" && !YEAR_ONLY_RANGE.test(plain)
    ? found.dates[0]
    : undefined;
}
const YEAR_ONLY_RANGE = /^\d{4}\s*[-–]\s*\d{4}$/;

function findDates(text: string): { dates: string[]; rest: string } {
  const dates: string[] = [];
  const pad = (n: string) => n.padStart(2, "0");
  let rest = text.replace(DOTTED, (_, d: string, m: string, y: string) => {
    dates.push(`${y}-${pad(m)}-${pad(d)}`);
    return " ";
  });
  rest = rest.replace(WORDED, (match, d: string, m: string, y: string) => {
    const month = MONTHS.indexOf(m.toLowerCase());
    if (month === -1) return match;
    dates.push(`${y}-${pad(String(month + 1))}-${pad(d)}`);
    return " ";
  });
  rest = rest.replace(ISO, (match) => {
    dates.push(match);
    return " ";
  });
  rest = rest.replace(YEAR, (year) => {
    dates.push(year);
    return " ";
  });
  return { dates, rest: rest.replace(FILLER, "") };
}

/**
 * A date cell value: one plain date is added as it is (a wrong one is an error); dates dug out
 * of a longer text ("19.1.1963 or 8.5.1966", "1967-1969") are added leniently, each year of a
 * range on its own, and text that is not a date goes into notes.
 */
function addDates(party: EntityDraft, prop: string, value: string, at: Location): void {
  const single = parseDate(value);
  if (single !== undefined) {
    party.add(prop, single, { at });
    return;
  }
  const found = findDates(value);
  party.add(prop, found.dates, { at, lenient: true });
  if (found.dates.length === 0 || found.rest !== "") party.add("notes", `${prop}: ${value}`);
}
