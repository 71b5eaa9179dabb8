import { parse } from "csv-parse/sync";
import { Invalid, type Issue } from "../model/index.js";
import { normalizeAddress } from "./address.js";
import type { AddressLabel } from "./queries.js";

/** Categories whose sends a trace does not follow: value that reaches them is reported as landed. */
export const SERVICE_CATEGORIES: readonly string[] = ["exchange", "otc", "bridge", "mixer"];

/**
 * Parses an `address,label,category,source` CSV (source may be empty: then `defaultSource`).
 * Addresses are normalised and checksum-verified; every bad row is reported with its line, and
 * if there is any, Invalid is thrown and nothing is kept. A row repeated is kept once.
 */
export function parseLabelsCsv(text: string, file: string, defaultSource = file): AddressLabel[] {
  const rows = parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const header = (rows[0]?.record ?? []).map((h) => h.trim().toLowerCase());
  const at = (name: string) => header.indexOf(name);
  const missing = ["address", "label", "category"].filter((c) => at(c) < 0);
  if (missing.length > 0)
    throw new Invalid(
      "invalid_labels",
      `${file}: header lacks ${missing.join(", ")} (want address,label,category,source)`,
      [{ file, line: 1, message: `missing columns ${missing.join(", ")}` }],
    );
  const issues: Issue[] = [];
  const out = new Map<string, AddressLabel>();
  for (const { record, info } of rows.slice(1)) {
    const cell = (name: string) => (record[at(name)] ?? "").trim();
    const normal = normalizeAddress(cell("address"));
    if (typeof normal === "string") {
      issues.push({
        file,
        line: info.lines,
        field: "address",
        message: normal,
        value: cell("address"),
      });
      continue;
    }
    const category = cell("category").toLowerCase();
    if (category === "" || cell("label") === "") {
      issues.push({
        file,
        line: info.lines,
        field: category === "" ? "category" : "label",
        message: "empty",
      });
      continue;
    }
    const label = {
      address: normal.key,
      label: cell("label"),
      category,
      source: (at("source") >= 0 ? cell("source") : "") || defaultSource,
    };
    out.set(`${label.address}|${label.label}|${label.source}`, label);
  }
  if (issues.length > 0)
    throw new Invalid(
      "invalid_labels",
      `${file}: ${issues.length} bad rows, nothing stored`,
      issues,
    );
  return [...out.values()];
}
