import { constants } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { gunzipSync } from "node:zlib";
import { Invalid, type Issue } from "../model/index.js";
import { appendAudit, type Context } from "../store/index.js";
import { type Asset, AssetRegistry } from "./assets.js";
import { chainTables, insertAssets } from "./queries.js";
import { type ColumnMapping, parseTransfersCsv } from "./transfer-csv.js";
import { storeTransfers } from "./transfer-store.js";

export interface ImportTransfersRequest {
  /** Assets not built in, as the user declared them; recorded for later traces. */
  readonly declared?: readonly Asset[];
  /** A file to read; or `text` with its name in `file` (an upload). */
  readonly path?: string;
  readonly text?: string;
  readonly file?: string;
  readonly assets?: AssetRegistry;
  readonly mapping?: ColumnMapping;
  /** The asset of every row when the file has none. */
  readonly asset?: string;
}

export interface ImportTransfersResult {
  readonly id: string;
  readonly file: string;
  readonly format: string;
  readonly rows: number;
  readonly added: number;
  readonly duplicates: readonly Issue[];
  readonly alreadyStored: number;
  readonly failedTx: number;
}

const { MAX_STRING_LENGTH } = constants;

/** A file's text; `.gz` is gunzipped. Throws Invalid for a file too large to hold as text. */
export function readText(path: string): { text: string; sha256: string } {
  const raw = readFileSync(path);
  const sha256 = createHash("sha256").update(raw).digest("hex");
  const bytes = path.endsWith(".gz") ? gunzipSync(raw) : raw;
  assertFitsInString(path, bytes.length);
  return { text: bytes.toString("utf8"), sha256 };
}

/**
 * A file is verified whole, as one string (so that a bad row anywhere stores nothing), and a
 * JavaScript string holds at most `constants.MAX_STRING_LENGTH` characters (512 MiB in Node
 * 20, some three million transfers): past that, say so and how to split, rather than let V8
 * fail with its own message.
 */
export function assertFitsInString(path: string, bytes: number, limit = MAX_STRING_LENGTH): void {
  if (bytes <= limit) return;
  const mib = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString("en")} MiB`;
  throw new Invalid(
    "file_too_large",
    `${path}: ${mib(bytes)} of text, more than the ${mib(limit)} an import reads at once; split it into files of a few million rows, each with the header line`,
    [{ file: path, message: `${bytes} bytes, limit ${limit}` }],
  );
}

/**
 * Imports a transfer CSV: parses and verifies every row first (a bad row fails the whole file
 * with every issue and nothing stored), then stores the transfers in the columnar store and
 * records the import with its audit entry in PostgreSQL, the two committing together.
 * Repeated rows are stored once and reported; rows already stored by an earlier import are
 * not stored again.
 */
export async function importTransfers(
  ctx: Context,
  request: ImportTransfersRequest,
): Promise<ImportTransfersResult> {
  const { text, sha256 } =
    request.text !== undefined
      ? { text: request.text, sha256: createHash("sha256").update(request.text).digest("hex") }
      : readText(request.path ?? "");
  const file = request.file ?? basename(request.path ?? "upload.csv");
  const parsed = parseTransfersCsv(text, {
    file,
    assets: request.assets ?? new AssetRegistry(request.declared ?? []),
    ...(request.mapping === undefined ? {} : { mapping: request.mapping }),
    ...(request.asset === undefined ? {} : { asset: request.asset }),
  });
  const at = new Date();
  const id = `import-${sha256.slice(0, 12)}-${at.getTime().toString(36)}`;
  const counts = await storeTransfers(ctx, parsed.transfers, id, (stored) =>
    ctx.db.transaction().execute(async (trx) => {
      await chainTables(trx)
        .insertInto("chain_import")
        .values({
          id,
          at,
          actor: ctx.actor,
          file,
          content_sha256: sha256,
          format: parsed.format,
          rows_read: parsed.transfers.length + parsed.duplicates.length,
          added: stored.added,
          duplicates: parsed.duplicates.length,
          already_stored: stored.alreadyStored,
          failed_tx: parsed.failed,
        })
        .execute();
      await insertAssets(
        trx,
        (request.declared ?? []).filter((a) => parsed.transfers.some((t) => t.asset === a.symbol)),
      );
      await appendAudit(trx, {
        actor: ctx.actor,
        action: "chain.import",
        subject: id,
        detail: {
          file,
          sha256,
          format: parsed.format,
          added: stored.added,
          duplicates: parsed.duplicates.length,
          already_stored: stored.alreadyStored,
        },
      });
    }),
  );
  return {
    id,
    file,
    format: parsed.format,
    rows: parsed.transfers.length + parsed.duplicates.length,
    added: counts.added,
    duplicates: parsed.duplicates,
    alreadyStored: counts.alreadyStored,
    failedTx: parsed.failed,
  };
}
