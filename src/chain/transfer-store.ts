import type { DuckDBConnection } from "@duckdb/node-api";
import type { Context } from "../store/index.js";
import type { Transfer } from "./transfer.js";
import { GraphBuilder, type TransferGraph } from "./transfer-graph.js";

/**
 * Transfers live in the columnar store (DuckDB), not PostgreSQL: a trace reads every transfer
 * of an asset in time order, five narrow columns, millions of rows; DuckDB scans and sorts
 * those compressed and vectorised, where a PostgreSQL heap reads each row whole. They are
 * re-importable from their files, so they need not be in the system of record; imports are
 * recorded there (chain_import) with the audit log. `seq` is the input order, which breaks
 * ties between transfers of the same time.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS chain_transfer (
  seq BIGINT NOT NULL, tx VARCHAR NOT NULL, time_ms BIGINT NOT NULL,
  from_address VARCHAR NOT NULL, to_address VARCHAR NOT NULL, asset VARCHAR NOT NULL,
  amount HUGEINT NOT NULL, import_id VARCHAR NOT NULL)`;

async function connect(ctx: Context): Promise<DuckDBConnection> {
  const connection = await ctx.columnar.connect();
  await connection.run(SCHEMA);
  return connection;
}

/** What storing a file's transfers did: new rows and rows the store already held. */
export interface StoreCounts {
  readonly added: number;
  readonly alreadyStored: number;
}

/**
 * Stores transfers in one DuckDB transaction, after the ones already held, skipping rows the
 * store already has (the same file imported twice adds nothing). `beforeCommit` runs inside
 * the transaction (the caller records the import in PostgreSQL there): if it throws, nothing
 * is stored.
 */
export async function storeTransfers(
  ctx: Context,
  transfers: readonly Transfer[],
  importId: string,
  beforeCommit: (counts: StoreCounts) => Promise<void>,
): Promise<StoreCounts> {
  const db = await connect(ctx);
  await db.run("BEGIN TRANSACTION");
  try {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE chain_staged AS SELECT * FROM chain_transfer LIMIT 0`,
    );
    const appender = await db.createAppender("chain_staged", "main", "temp");
    transfers.forEach((t, i) => {
      appender.appendBigInt(BigInt(i));
      appender.appendVarchar(t.tx);
      appender.appendBigInt(BigInt(t.time));
      appender.appendVarchar(t.from);
      appender.appendVarchar(t.to);
      appender.appendVarchar(t.asset);
      appender.appendHugeInt(t.amount);
      appender.appendVarchar(importId);
      appender.endRow();
    });
    appender.closeSync();
    const before = await count(db);
    await db.run(`INSERT INTO chain_transfer
      SELECT s.seq + (SELECT coalesce(max(seq) + 1, 0) FROM chain_transfer), s.tx, s.time_ms, s.from_address, s.to_address, s.asset, s.amount, s.import_id
      FROM chain_staged s
      WHERE NOT EXISTS (SELECT 1 FROM chain_transfer c WHERE c.tx = s.tx AND c.from_address = s.from_address
        AND c.to_address = s.to_address AND c.asset = s.asset AND c.amount = s.amount
        AND (s.tx <> '' OR c.time_ms = s.time_ms))
      ORDER BY s.seq`);
    const added = (await count(db)) - before;
    const counts = { added, alreadyStored: transfers.length - added };
    await beforeCommit(counts);
    await db.run("DROP TABLE chain_staged");
    await db.run("COMMIT");
    return counts;
  } catch (error) {
    await db.run("ROLLBACK");
    throw error;
  }
}

async function count(db: DuckDBConnection): Promise<number> {
  const rows = (await db.runAndReadAll("SELECT count(*) FROM chain_transfer")).getRowsJS();
  return Number(rows[0]?.[0] ?? 0);
}

/** How many transfers are stored and the last input position: a fingerprint of the data. */
export async function transferFingerprint(
  ctx: Context,
): Promise<{ count: number; lastSeq: number }> {
  const db = await connect(ctx);
  const rows = (
    await db.runAndReadAll("SELECT count(*), coalesce(max(seq), -1) FROM chain_transfer")
  ).getRowsJS();
  return { count: Number(rows[0]?.[0] ?? 0), lastSeq: Number(rows[0]?.[1] ?? -1) };
}

/**
 * The stored transfers of `assets` (or all), in (time, input order), as a graph. Read as
 * columns, so no row objects are made for millions of transfers.
 */
export async function loadGraph(ctx: Context, assets?: readonly string[]): Promise<TransferGraph> {
  const db = await connect(ctx);
  const where =
    assets === undefined || assets.length === 0
      ? ""
      : `WHERE asset IN (${assets.map((a) => `'${a.replace(/'/g, "''")}'`).join(",")})`;
  const reader = await db.streamAndReadUntil(
    `SELECT tx, time_ms, from_address, to_address, asset, amount FROM chain_transfer ${where} ORDER BY time_ms, seq`,
    Number.MAX_SAFE_INTEGER,
  );
  const columns = reader.getColumnsJS();
  const builder = new GraphBuilder(Math.max(1024, reader.currentRowCount));
  const [tx, time, from, to, asset, amount] = columns as [
    string[],
    bigint[],
    string[],
    string[],
    string[],
    bigint[],
  ];
  for (let i = 0; i < reader.currentRowCount; i++)
    builder.addIds(
      tx[i] ?? "",
      Number(time[i]),
      builder.intern(from[i] ?? ""),
      builder.intern(to[i] ?? ""),
      asset[i] ?? "",
      amount[i] ?? 0n,
    );
  return builder.build();
}
