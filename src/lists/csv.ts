import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { Invalid } from "../model/index.js";

/** One CSV record and the line it starts on (a quoted cell may span lines). */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

interface ParsedRow {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/**
 * The records of a CSV text (RFC 4180, csv-parse) with the line each starts on, blank lines
 * skipped and a byte-order mark dropped. Malformed CSV (a quote never closed, as a truncated
 * file shows) throws Invalid naming the file and the line where the broken record starts.
 */
export async function* readCsvRows(
  chunks: AsyncIterable<string>,
  label: string,
): AsyncIterable<CsvRow> {
  // An explicit record delimiter: csv-parse 7.0.3's detection merged the rows of a small file.
  const parser = Readable.from(chunks).pipe(
    parse({
      info: true,
      raw: true,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ["\r\n", "\n"],
    }),
  );
  let lastLine = 0;
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<ParsedRow>) {
      // csv-parse counts lines to the record's end; its start is that less its inner newlines.
      const inner = raw.replace(/^[\r\n]+|[\r\n]+$/g, "").match(/\n/g)?.length ?? 0;
      lastLine = info.lines;
      yield { line: info.lines - inner, cells: record };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = lastLine + 1;
    const unclosed = error.code === "CSV_QUOTE_NOT_CLOSED";
    const message = unclosed
      ? "a quoted field opens here and is never closed (is the file truncated?)"
      : `malformed CSV: ${error.message}`;
    throw new Invalid(unclosed ? "truncated_csv" : "bad_csv", `${label}:${line}: ${message}`, [
      { file: label, line, message: unclosed ? "unclosed quoted field" : error.message },
    ]);
  }
}
