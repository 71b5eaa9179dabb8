import { createHash } from "node:crypto";
import { basename } from "node:path";
import { appendAudit, type Context } from "../store/index.js";
import { readText } from "./import-transfers.js";
import { parseLabelsCsv } from "./label-csv.js";
import { insertLabels } from "./queries.js";

/** Imports an `address,label,category,source` CSV in one transaction with its audit entry. */
export async function importLabels(
  ctx: Context,
  path: string,
  upload?: { readonly text: string; readonly file: string },
): Promise<{ file: string; rows: number; added: number }> {
  const { text, sha256 } =
    upload === undefined
      ? readText(path)
      : { text: upload.text, sha256: createHash("sha256").update(upload.text).digest("hex") };
  const file = upload?.file ?? basename(path);
  const labels = parseLabelsCsv(text, file);
  const added = await ctx.db.transaction().execute(async (trx) => {
    const n = await insertLabels(trx, labels, new Date());
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "chain.labels.import",
      subject: file,
      detail: { sha256, rows: labels.length, added: n },
    });
    return n;
  });
  return { file, rows: labels.length, added };
}
