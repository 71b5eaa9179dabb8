/**
 * Fills a Cordon home with the generated scenario for `npm run bench -- chain`'s command row:
 *   node --import tsx bench/chain-store.ts DIR HOME
 * The transfers go into the columnar store straight from DIR/transfers.csv by DuckDB's CSV
 * reader (the generator writes only valid, ordered, distinct rows): `cordon chain import`
 * verifies a file in one JavaScript string, and 1.7 GB is past what one holds. Opening the
 * store then numbers the addresses as an import does (transfer-store.ts); the labels go in
 * by `importLabels`. Untimed: the row times the `cordon chain trace` that follows.
 */
import { join } from "node:path";
import { importLabels } from "../src/chain/index.js";
import { transferFingerprint } from "../src/chain/transfer-store.js";
import { loadConfig } from "../src/model/index.js";
import { openContext } from "../src/store/index.js";

async function main(): Promise<void> {
  const [dir = ".", home = "."] = process.argv.slice(2);
  const { ctx, close } = await openContext({ ...loadConfig(), home }, "bench");
  try {
    const db = await ctx.columnar.connect();
    const csv = join(dir, "transfers.csv").replace(/'/g, "''");
    // The amounts are ETH with at most 18 decimals: whole part, then the fraction padded to wei.
    await db.run(`CREATE TABLE chain_transfer (
        seq BIGINT NOT NULL, tx VARCHAR NOT NULL, time_ms BIGINT NOT NULL,
        from_address VARCHAR NOT NULL, to_address VARCHAR NOT NULL, asset VARCHAR NOT NULL,
        amount HUGEINT NOT NULL, import_id VARCHAR NOT NULL);
      INSERT INTO chain_transfer
        SELECT row_number() OVER () - 1, tx, time::BIGINT * 1000, "from", "to", asset,
          CAST(split_part(amount, '.', 1) || rpad(split_part(amount, '.', 2), 18, '0') AS HUGEINT),
          'bench'
        FROM read_csv('${csv}', header = true, all_varchar = true);`);
    const { count } = await transferFingerprint(ctx);
    await importLabels(ctx, join(dir, "labels.csv"));
    process.stdout.write(`${JSON.stringify({ transfers: count })}\n`);
  } finally {
    await close();
  }
}

await main();
process.exit(0);
