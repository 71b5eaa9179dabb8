import { createReadStream, createWriteStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { parse } from "csv-parse";
import {
  type Config,
  countryCode,
  findProperty,
  formatIssue,
  ftm,
  Invalid,
  type Issue,
} from "../../model/index.js";
import {
  type EntityMatchesBody,
  parseQuery,
  type ScreeningQuery,
  type ScreenOptions,
  screenBatch,
} from "../../screening/index.js";
import { withContext } from "../context.js";
import type { Output } from "../output.js";
import { makeProgress } from "../progress.js";

interface ScreenFlags {
  readonly csv?: string;
  readonly out?: string;
  readonly schema: string;
  readonly dataset?: string;
  readonly threshold?: number;
  readonly limit?: number;
}

/** Rows screened together: one look at the index's freshness per chunk. */
const CHUNK = 500;

/**
 * `cordon screen`: JSON lines on stdin (`--json`) or a customer CSV file (`--csv`), against
 * every list in the store. Returns the command so that `screen compare` can join the group.
 */
export function registerScreenCommands(
  program: Command,
  config: Config,
  output: () => Output,
): Command {
  return program
    .command("screen")
    .description(
      "screen people, companies, vessels and wallets: --json reads JSON lines on stdin, --csv FILE --out FILE a customer file",
    )
    .option(
      "--csv <file>",
      "a CSV file with a header row (name, birth_date, nationality, imo, ...)",
    )
    .option("--out <file>", "where --csv writes one result row per input row")
    .option("--schema <schema>", "the FtM schema of CSV rows without a schema column", "Person")
    .option("--dataset <name>", "only this dataset (default: every dataset)")
    .option("--threshold <score>", "score at which a result is a match", parseUnit)
    .option("--limit <n>", "results per query (JSON lines)", parseCount)
    .action(async (flags: ScreenFlags) => {
      const out = output();
      const options: ScreenOptions = {
        ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
        ...(flags.threshold === undefined ? {} : { threshold: flags.threshold }),
        ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      };
      if (flags.csv !== undefined) {
        if (flags.out === undefined) throw usage("--csv needs --out FILE for the results");
        return screenCsv(config, out, flags.csv, flags.out, flags.schema, options);
      }
      if (!out.json)
        throw usage("give --json to read JSON lines on stdin, or --csv FILE --out FILE");
      return screenJsonLines(config, out, options);
    });
}

/** JSON lines in, JSON lines out, line for line; a bad line gets an error line and a note. */
async function screenJsonLines(config: Config, out: Output, options: ScreenOptions) {
  let failed = 0;
  let total = 0;
  await withContext(config, async (ctx) => {
    let chunk: { line: number; id: string | undefined; query?: ScreeningQuery; error?: Invalid }[] =
      [];
    const flush = async () => {
      const queries: Record<string, ScreeningQuery> = {};
      for (const item of chunk)
        if (item.query !== undefined) queries[String(item.line)] = item.query;
      const batch = await screenBatch(ctx, queries, options);
      for (const item of chunk) {
        const response = batch.responses[String(item.line)];
        if (response !== undefined)
          out.result({ id: item.id ?? null, results: response.results }, () => "");
        else out.result({ id: item.id ?? null, error: errorBody(item.error) }, () => "");
      }
      chunk = [];
    };
    let line = 0;
    // Created only now: lines read while the store was opening would be lost.
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const text of lines) {
      line++;
      if (text.trim() === "") continue;
      total++;
      const parsed = parseJsonLine(text, line);
      if (parsed.error !== undefined) {
        failed++;
        for (const issue of parsed.error.issues) out.note(formatIssue(issue));
      }
      chunk.push({ line, ...parsed });
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
  });
  if (failed > 0)
    throw new Invalid(
      "rows_not_screened",
      `${failed} of ${total} lines were not screened (listed above)`,
    );
}

function parseJsonLine(
  text: string,
  line: number,
): { id: string | undefined; query?: ScreeningQuery; error?: Invalid } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      id: undefined,
      error: new Invalid("bad_json", "not JSON", [
        { file: "stdin", line, message: `not JSON: ${(error as Error).message}` },
      ]),
    };
  }
  const id =
    typeof value === "object" &&
    value !== null &&
    typeof (value as { id?: unknown }).id === "string"
      ? (value as { id: string }).id
      : undefined;
  try {
    return { id, query: parseQuery(value) };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    const issues = error.issues.map((issue) => ({ ...(issue as Issue), file: "stdin", line }));
    return { id, error: new Invalid(error.code, error.message, issues) };
  }
}

function errorBody(error: Invalid | undefined) {
  return {
    error: error?.code ?? "invalid",
    message: error?.message ?? "",
    issues: error?.issues ?? [],
  };
}

const RESULT_COLUMNS = [
  "line",
  "id",
  "query_name",
  "status",
  "match",
  "score",
  "candidates",
  "entity_id",
  "caption",
  "schema",
  "datasets",
  "features",
  "error",
] as const;

/**
 * Screens a customer CSV file: columns mapped by header, one result row per input row (the
 * best candidate and how many matched), a progress bar, bad rows reported by line and left
 * out, and at the end how many rows were not screened.
 */
async function screenCsv(
  config: Config,
  out: Output,
  file: string,
  outFile: string,
  schema: string,
  options: ScreenOptions,
) {
  const totalBytes = statSync(file).size;
  const input = createReadStream(file);
  const parser = input.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  const sink = createWriteStream(outFile);
  const write = (cells: readonly unknown[]) => sink.write(`${cells.map(csvCell).join(",")}\n`);
  write(RESULT_COLUMNS);
  const progress = makeProgress(`screening ${file}`);
  let mapping: CsvMapping | undefined;
  let rows = 0;
  let failed = 0;
  let matched = 0;
  try {
    await withContext(config, async (ctx) => {
      let chunk: {
        line: number;
        id: string;
        name: string;
        query?: ScreeningQuery;
        error?: string;
      }[] = [];
      const flush = async () => {
        const queries: Record<string, ScreeningQuery> = {};
        for (const item of chunk)
          if (item.query !== undefined) queries[String(item.line)] = item.query;
        const batch = await screenBatch(ctx, queries, { ...options, limit: 1 });
        for (const item of chunk) {
          const response = batch.responses[String(item.line)];
          if (response === undefined) {
            write([
              item.line,
              item.id,
              item.name,
              "error",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              item.error,
            ]);
            continue;
          }
          if (response.results[0]?.match === true) matched++;
          write(resultRow(item, response));
        }
        chunk = [];
        progress.update(input.bytesRead, totalBytes, `${rows.toLocaleString("en")} rows`);
      };
      for await (const { record, info } of parser as AsyncIterable<{
        record: string[];
        info: { lines: number };
      }>) {
        if (mapping === undefined) {
          mapping = mapCsvHeader(record, file);
          if (mapping.ignored.length > 0)
            out.note(`ignoring columns: ${mapping.ignored.join(", ")}`);
          continue;
        }
        rows++;
        const line = info.lines;
        const row = queryFromRow(mapping, record, schema);
        if (row.query === undefined) {
          failed++;
          out.note(`${file}:${line}: ${row.error}`);
        }
        chunk.push({ line, ...row });
        if (chunk.length >= CHUNK) await flush();
      }
      await flush();
    });
  } finally {
    progress.stop();
    await new Promise<void>((resolve, reject) =>
      sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  if (mapping === undefined)
    throw new Invalid("empty_file", `${file}: no header row`, [
      { file, line: 1, message: "empty file" },
    ]);
  const summary = {
    file,
    out: outFile,
    rows,
    screened: rows - failed,
    not_screened: failed,
    matched,
  };
  out.result(
    summary,
    () =>
      `Screened ${summary.screened.toLocaleString("en")} of ${rows.toLocaleString("en")} rows of ${file} into ${outFile}: ${matched.toLocaleString("en")} matched`,
  );
  if (failed > 0)
    throw new Invalid(
      "rows_not_screened",
      `${failed} of ${rows} rows were not screened (listed above)`,
    );
}

function resultRow(
  item: { line: number; id: string; name: string },
  response: EntityMatchesBody,
): unknown[] {
  const best = response.results[0];
  const matches = response.total.value;
  if (best === undefined)
    return [item.line, item.id, item.name, "ok", false, "", 0, "", "", "", "", "", ""];
  return [
    item.line,
    item.id,
    item.name,
    "ok",
    best.match,
    best.score.toFixed(3),
    matches,
    best.id,
    best.caption,
    best.schema,
    best.datasets.join(";"),
    JSON.stringify(best.features),
    "",
  ];
}

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function parseUnit(text: string): number {
  const value = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || value < 0 || value > 1)
    throw usage(`a threshold is a number from 0 to 1, not "${text}"`);
  return value;
}

function parseCount(text: string): number {
  const value = Number.parseInt(text, 10);
  if (!/^\d+$/.test(text) || value < 1 || value > 500)
    throw usage(`a limit is a number from 1 to 500, not "${text}"`);
  return value;
}

function usage(message: string): Invalid {
  return new Invalid("usage", message);
}

/** Header spellings of customer files → the FtM property (or the row's id or schema). */
const COLUMNS: Readonly<Record<string, string>> = {
  id: "$id",
  customer_id: "$id",
  ref: "$id",
  reference: "$id",
  schema: "$schema",
  type: "$schema",
  name: "name",
  full_name: "name",
  fullname: "name",
  customer_name: "name",
  entity_name: "name",
  company_name: "name",
  vessel_name: "name",
  alias: "alias",
  aliases: "alias",
  first_name: "firstName",
  given_name: "firstName",
  middle_name: "middleName",
  last_name: "lastName",
  surname: "lastName",
  family_name: "lastName",
  birth_date: "birthDate",
  date_of_birth: "birthDate",
  dob: "birthDate",
  birthdate: "birthDate",
  place_of_birth: "birthPlace",
  birth_place: "birthPlace",
  nationality: "nationality",
  citizenship: "citizenship",
  country: "country",
  jurisdiction: "jurisdiction",
  gender: "gender",
  sex: "gender",
  imo: "imoNumber",
  imo_number: "imoNumber",
  mmsi: "mmsi",
  passport: "passportNumber",
  passport_number: "passportNumber",
  id_number: "idNumber",
  national_id: "idNumber",
  registration_number: "registrationNumber",
  company_number: "registrationNumber",
  tax_number: "taxNumber",
  swift: "swiftBic",
  swift_bic: "swiftBic",
  bic: "swiftBic",
  lei: "leiCode",
  wallet: "publicKey",
  wallet_address: "publicKey",
  crypto_address: "publicKey",
  public_key: "publicKey",
};

const COUNTRY_PROPS = new Set(["nationality", "citizenship", "country", "jurisdiction"]);

interface CsvMapping {
  /** Column index → property, "$id" or "$schema". */
  readonly columns: ReadonlyMap<number, string>;
  readonly ignored: readonly string[];
}

/** Maps a header row by name; Invalid when no column names a name or an identifier. */
function mapCsvHeader(header: readonly string[], file: string): CsvMapping {
  const columns = new Map<number, string>();
  const ignored: string[] = [];
  header.forEach((raw, i) => {
    const key = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    const prop = COLUMNS[key];
    if (prop === undefined) ignored.push(raw);
    else columns.set(i, prop);
  });
  const props = new Set(columns.values());
  const searchable = [...props].some(
    (p) => ["name", "alias", "firstName", "lastName"].includes(p) || isIdentifier(p),
  );
  if (!searchable)
    throw new Invalid(
      "missing_column",
      `${file}: no column to screen by (expected a name column such as name or full_name, or an identifier such as imo or passport_number)`,
      [{ file, line: 1, field: "name", message: "no name or identifier column" }],
    );
  return { columns, ignored };
}

const IDENTIFIER_SCHEMATA = ["Company", "Person", "Vessel", "Airplane", "CryptoWallet"] as const;

function isIdentifier(prop: string): boolean {
  return IDENTIFIER_SCHEMATA.some((name) => {
    const schema = ftm.schemata[name];
    return schema !== undefined && findProperty(schema, prop)?.type.name === "identifier";
  });
}

/** One CSV row as a query; a row that is not a valid query gets the reason instead. */
function queryFromRow(
  mapping: CsvMapping,
  record: readonly string[],
  defaultSchema: string,
): { id: string; name: string; query?: ScreeningQuery; error?: string } {
  let id = "";
  let schema = defaultSchema;
  const properties: Record<string, string[]> = {};
  for (const [i, prop] of mapping.columns) {
    const value = (record[i] ?? "").trim();
    if (value === "") continue;
    if (prop === "$id") id = value;
    else if (prop === "$schema") schema = value;
    else properties[prop] = [...(properties[prop] ?? []), value];
  }
  const known = ftm.schemata[schema];
  if (known !== undefined) {
    // A customer file's columns serve several schemata: a Person row has no IMO number.
    for (const prop of Object.keys(properties))
      if (findProperty(known, prop) === undefined) delete properties[prop];
    for (const prop of COUNTRY_PROPS) {
      const values = properties[prop];
      if (values !== undefined)
        properties[prop] = values.map((v) =>
          /^[a-z]{2}$/i.test(v) ? v.toLowerCase() : (countryCode(v) ?? v),
        );
    }
  }
  const name =
    (properties.name ?? [
      [properties.firstName, properties.middleName, properties.lastName]
        .flat()
        .filter(Boolean)
        .join(" "),
    ])[0] ?? "";
  try {
    return { id, name, query: parseQuery({ schema, properties, ...(id === "" ? {} : { id }) }) };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    const reasons = error.issues.map((issue) => {
      const field = (issue as Issue).field ?? "";
      return `${field.replace(/^properties\.?/, "").replace(/\.\d+$/, "") || "row"}: ${(issue as Issue).message}`;
    });
    return { id, name, error: reasons.join("; ") };
  }
}
