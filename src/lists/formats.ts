import { Invalid } from "../model/index.js";
import type { ListFormat, SourceName } from "./format.js";
import { euFsfXml } from "./sources/eu-fsf-xml.js";
import { euJournalCsv } from "./sources/eu-journal-csv.js";
import { ftmJsonLines } from "./sources/ftm-jsonl.js";
import { ofacAdvancedXml } from "./sources/ofac-advanced-xml.js";
import { ofacCsv } from "./sources/ofac-csv.js";
import { ukFcdoCsv } from "./sources/uk-fcdo-csv.js";
import { ukTransformedCsv } from "./sources/uk-transformed-csv.js";
import { unScXml } from "./sources/un-sc-xml.js";

/** Every format Cordon reads, in the order they are tried when recognising a file. */
export const FORMATS: readonly ListFormat[] = [
  ftmJsonLines,
  ofacCsv,
  ofacAdvancedXml,
  ukFcdoCsv,
  ukTransformedCsv,
  euFsfXml,
  euJournalCsv,
  unScXml,
];

/**
 * The format of a file from its first kilobytes, restricted to `source` when given. Throws
 * Invalid naming the file when nothing recognises it, or when it is another source's list.
 */
export function recogniseFormat(head: string, label: string, source?: SourceName): ListFormat {
  const matches = FORMATS.filter((format) => safeSniff(format, head));
  const chosen = matches.find((format) => source === undefined || format.source === source);
  if (chosen !== undefined) return chosen;
  const other = matches[0];
  if (source !== undefined && other !== undefined) {
    throw new Invalid(
      "wrong_source",
      `${label} is a ${other.label} file, not a ${source} list; use \`cordon lists import ${other.source}\``,
      [{ file: label, message: `looks like ${other.label}` }],
    );
  }
  const known = FORMATS.filter((f) => source === undefined || f.source === source)
    .map((f) => f.label)
    .join(", ");
  throw new Invalid(
    "unknown_format",
    `${label}: not a list format Cordon reads (expected one of: ${known})`,
    [{ file: label, line: 1, message: "unrecognised format" }],
  );
}

function safeSniff(format: ListFormat, head: string): boolean {
  try {
    return format.sniff(head);
  } catch {
    return false;
  }
}
