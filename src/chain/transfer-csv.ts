import { parse } from "csv-parse/sync";
import { Invalid, type Issue } from "../model/index.js";
import { normalizeAddress } from "./address.js";
import type { AssetRegistry } from "./assets.js";
import { parseAmount } from "./decimal.js";
import { parseTime } from "./time.js";
import { type Transfer, transferKey } from "./transfer.js";

/** Which column holds each field; `asset` may be absent when the file is of one asset. */
export interface ColumnMapping {
  readonly tx?: string;
  readonly time: string;
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  /** A second amount column, used when the first is zero (Etherscan's Value_IN / Value_OUT). */
  readonly amountAlt?: string;
  readonly asset?: string;
  /** A column whose non-empty value marks a failed transaction that moved nothing. */
  readonly error?: string;
}

/** A CSV layout recognised by its header. */
interface CsvFormat {
  readonly name: string;
  readonly mapping: ColumnMapping;
  readonly asset?: string;
}

/** The layouts recognised by header, most specific first; `generic` is the issue's own. */
const FORMATS: readonly CsvFormat[] = [
  {
    name: "etherscan-token-transfers",
    mapping: {
      tx: "transaction hash|txhash",
      time: "unixtimestamp",
      from: "from",
      to: "to",
      amount: "tokenvalue|value|quantity",
      asset: "tokensymbol",
    },
  },
  {
    name: "etherscan-transactions",
    mapping: {
      tx: "transaction hash|txhash",
      time: "unixtimestamp",
      from: "from",
      to: "to",
      amount: "value_in(eth)",
      amountAlt: "value_out(eth)",
      error: "errcode",
    },
    asset: "ETH",
  },
  {
    name: "dune-transfers",
    mapping: { time: "block_time", from: "from", to: "to", amount: "total_eth" },
    asset: "ETH",
  },
  {
    name: "generic",
    mapping: { tx: "tx", time: "time", from: "from", to: "to", amount: "amount", asset: "asset" },
  },
];

export interface ParseOptions {
  readonly file: string;
  readonly assets: AssetRegistry;
  /** Columns named by the user, for a layout not recognised by header. */
  readonly mapping?: ColumnMapping;
  /** The asset of every row when the file has no asset column. */
  readonly asset?: string;
}

export interface ParsedTransfers {
  readonly format: string;
  /** Transfers in file order (a file that is newest first is turned round). */
  readonly transfers: readonly Transfer[];
  /** Rows that repeat an earlier row of the file: reported, kept once. */
  readonly duplicates: readonly Issue[];
  /** Failed transactions (an explorer's error column set): they moved nothing. */
  readonly failed: number;
}

type Reason =
  | "missing_field"
  | "unparseable_amount"
  | "negative_amount"
  | "too_precise_amount"
  | "unknown_asset"
  | "malformed_address"
  | "address_not_of_asset"
  | "unparseable_time"
  | "out_of_order";

/**
 * Parses a transfer CSV: the layout is recognised by its header (or given as `mapping`),
 * addresses are normalised and checksum-verified, amounts read exactly in base units. Every
 * bad row is reported with its line, field and reason; if there is any, Invalid is thrown with
 * all of them and the count per reason, so that nothing of a failing file is stored. Repeated
 * rows are not errors: they are kept once and listed in `duplicates`.
 */
export function parseTransfersCsv(text: string, options: ParseOptions): ParsedTransfers {
  const rows = parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = (rows[0]?.record ?? []).map((h) => h.trim().toLowerCase());
  const format = chooseFormat(header, options);
  const col = (names: string | undefined) => findColumn(header, names);
  const m = format.mapping;
  const at = {
    tx: col(m.tx),
    time: col(m.time),
    from: col(m.from),
    to: col(m.to),
    amount: col(m.amount),
    amountAlt: col(m.amountAlt),
    asset: col(m.asset),
    error: col(m.error),
  };
  const issues: (Issue & { reason: Reason })[] = [];
  const fail = (line: number, field: string, reason: Reason, message: string, value?: string) =>
    issues.push({
      file: options.file,
      line,
      field,
      reason,
      message,
      ...(value === undefined ? {} : { value }),
    });
  const parsed: { transfer: Transfer; line: number }[] = [];
  const times: { line: number; time: number }[] = [];
  let failed = 0;
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    const cell = (i: number | undefined) => (i === undefined ? "" : (record[i] ?? "").trim());
    if (at.error !== undefined && cell(at.error) !== "" && cell(at.error) !== "0") {
      failed++;
      continue;
    }
    const symbol = at.asset === undefined ? (options.asset ?? format.asset ?? "") : cell(at.asset);
    const asset = options.assets.find(symbol);
    if (asset === undefined) {
      fail(
        line,
        "asset",
        symbol === "" ? "missing_field" : "unknown_asset",
        symbol === ""
          ? "no asset (give --asset)"
          : "unknown asset (declare it with --asset SYMBOL:DECIMALS)",
        symbol,
      );
      continue;
    }
    const time = parseTime(cell(at.time));
    if (time !== undefined) times.push({ line, time });
    if (time === undefined)
      fail(line, "time", "unparseable_time", "not ISO 8601 or Unix seconds", cell(at.time));
    const ends: string[] = [];
    for (const [field, index] of [
      ["from", at.from],
      ["to", at.to],
    ] as const) {
      const normal = normalizeAddress(cell(index));
      if (typeof normal === "string") fail(line, field, "malformed_address", normal, cell(index));
      else if (!normal.chains.some((c) => asset.chains.includes(c)))
        fail(
          line,
          field,
          "address_not_of_asset",
          `not an address of ${asset.symbol} (${asset.chains.join(", ")})`,
          cell(index),
        );
      else ends.push(normal.key);
    }
    let rawAmount = cell(at.amount).replace(/^\$/, "");
    if (at.amountAlt !== undefined && Number(rawAmount) === 0 && cell(at.amountAlt) !== "")
      rawAmount = cell(at.amountAlt);
    const amount = parseAmount(rawAmount, asset.decimals);
    if (typeof amount === "string") {
      const reason =
        amount === "negative"
          ? "negative_amount"
          : amount === "too_precise"
            ? "too_precise_amount"
            : "unparseable_amount";
      fail(
        line,
        "amount",
        reason,
        amount === "too_precise"
          ? `finer than ${asset.decimals} decimals of ${asset.symbol}`
          : `${amount} amount`,
        rawAmount,
      );
      continue;
    }
    if (time === undefined || ends.length !== 2) continue;
    parsed.push({
      line,
      transfer: {
        tx: cell(at.tx).toLowerCase(),
        time,
        from: ends[0] ?? "",
        to: ends[1] ?? "",
        asset: asset.symbol,
        amount,
      },
    });
  }
  const descending = checkOrder(times, (line, value) =>
    fail(line, "time", "out_of_order", "earlier than the row before it", value),
  );
  const ordered = descending ? [...parsed].reverse() : parsed;
  if (issues.length > 0) throw invalidFile(options.file, issues);
  const seen = new Map<string, number>();
  const transfers: Transfer[] = [];
  const duplicates: Issue[] = [];
  for (const { transfer, line } of ordered) {
    const key = transferKey(transfer);
    const first = seen.get(key);
    if (first !== undefined) {
      duplicates.push({
        file: options.file,
        line,
        field: "tx",
        message: `repeats line ${first}`,
        value: transfer.tx,
      });
      continue;
    }
    seen.set(key, line);
    transfers.push(transfer);
  }
  return { format: format.name, transfers, duplicates, failed };
}

/**
 * Explorer exports come newest first or oldest first: a file entirely in descending time is
 * turned round (returns true); otherwise every row earlier than the row before it is out of
 * order, as a file spliced from two exports would be.
 */
function checkOrder(
  times: readonly { line: number; time: number }[],
  outOfOrder: (line: number, value: string) => void,
): boolean {
  const first = times[0]?.time ?? 0;
  const last = times.at(-1)?.time ?? 0;
  const descending =
    first > last && times.every((r, i) => i === 0 || r.time <= (times[i - 1]?.time ?? 0));
  if (descending) return true;
  for (let i = 1; i < times.length; i++) {
    const row = times[i] as { line: number; time: number };
    if (row.time < (times[i - 1] as { time: number }).time)
      outOfOrder(row.line, new Date(row.time).toISOString());
  }
  return false;
}

function invalidFile(file: string, issues: readonly (Issue & { reason: Reason })[]): Invalid {
  const counts = new Map<Reason, number>();
  for (const issue of issues) counts.set(issue.reason, (counts.get(issue.reason) ?? 0) + 1);
  const summary = [...counts].map(([reason, n]) => `${reason} ${n}`).join(", ");
  return new Invalid(
    "invalid_transfers",
    `${file}: ${issues.length} bad rows, nothing stored (${summary})`,
    issues,
  );
}

function chooseFormat(header: readonly string[], options: ParseOptions): CsvFormat {
  if (options.mapping !== undefined) {
    const mapping = lowerMapping(options.mapping);
    const missing = (["time", "from", "to", "amount"] as const).filter(
      (f) => findColumn(header, mapping[f]) === undefined,
    );
    if (missing.length > 0)
      throw new Invalid(
        "invalid_mapping",
        `${options.file}: mapped columns not in the header: ${missing.map((f) => `${f}=${mapping[f]}`).join(", ")}`,
        missing.map((f) => ({
          file: options.file,
          line: 1,
          field: f,
          message: "mapped column not in the header",
        })),
      );
    return { name: "mapped", mapping };
  }
  const found = FORMATS.find(
    (f) =>
      (["time", "from", "to", "amount"] as const).every(
        (k) => findColumn(header, f.mapping[k]) !== undefined,
      ) &&
      (f.mapping.asset === undefined ||
        f.asset !== undefined ||
        options.asset !== undefined ||
        findColumn(header, f.mapping.asset) !== undefined),
  );
  if (found === undefined)
    throw new Invalid(
      "unknown_layout",
      `${options.file}: header not recognised (want tx,time,from,to,asset,amount, an explorer export, or --map)`,
      [{ file: options.file, line: 1, message: "unrecognised header", value: header.join(",") }],
    );
  return found;
}

function lowerMapping(mapping: ColumnMapping): ColumnMapping {
  return Object.fromEntries(
    Object.entries(mapping).map(([k, v]) => [k, String(v).toLowerCase()]),
  ) as unknown as ColumnMapping;
}

/** The index of the first header cell equal to one of `names` ("a|b"), case-blind. */
function findColumn(header: readonly string[], names: string | undefined): number | undefined {
  if (names === undefined) return undefined;
  for (const name of names.split("|")) {
    const i = header.indexOf(name.trim().toLowerCase());
    if (i >= 0) return i;
  }
  return undefined;
}

/** Reads "field=column,field=column" (`--map time=DateTime,from=Sender,...`). Throws Invalid. */
export function parseMapping(text: string): ColumnMapping {
  const pairs = Object.fromEntries(text.split(",").map((p) => p.split("=").map((s) => s.trim())));
  const missing = ["time", "from", "to", "amount"].filter((f) => !pairs[f]);
  if (missing.length > 0) throw new Invalid("invalid_mapping", `--map lacks ${missing.join(", ")}`);
  return pairs as ColumnMapping;
}
