import type { DuckDBConnection } from "@duckdb/node-api";
import { type Context, chunkColumn } from "../store/index.js";
import type { Transfer } from "./transfer.js";
import type { TransferGraph } from "./transfer-graph.js";

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

/** A stored graph, with each position's input order (`seq`), by which its tx hash is found. */
export interface StoredGraph extends TransferGraph {
  readonly seq: Float64Array;
}

const TWO_64 = 18446744073709551616n;

/**
 * The stored transfers of `assets` (or all), in (time, input order), as a graph. DuckDB numbers
 * the addresses (one hash join on each end) and splits each amount into two 64-bit words, so
 * every column arrives as a typed array, a chunk at a time: ten million transfers without a
 * string or a bigint per row (the tx hashes stay in the store; `txOf` reads those a trace
 * needs). Reading them as JavaScript values took 35 s and 2.6 GiB for a million.
 */
export async function loadGraph(ctx: Context, assets?: readonly string[]): Promise<StoredGraph> {
  const db = await connect(ctx);
  const where =
    assets === undefined || assets.length === 0
      ? ""
      : `WHERE asset IN (${assets.map((a) => `'${a.replace(/'/g, "''")}'`).join(",")})`;
  await db.run(`
    CREATE OR REPLACE TEMP TABLE chain_load_transfer AS
      SELECT seq, time_ms, from_address, to_address, asset, amount FROM chain_transfer ${where};
    CREATE OR REPLACE TEMP TABLE chain_load_address AS
      SELECT address, (row_number() OVER (ORDER BY address) - 1)::INTEGER AS id FROM (
        SELECT from_address AS address FROM chain_load_transfer
        UNION SELECT to_address FROM chain_load_transfer);
    CREATE OR REPLACE TEMP TABLE chain_load_asset AS
      SELECT asset, (row_number() OVER (ORDER BY asset) - 1)::INTEGER AS id
      FROM (SELECT DISTINCT asset FROM chain_load_transfer);`);
  try {
    const addresses = await readStrings(db, "SELECT address FROM chain_load_address ORDER BY id");
    const assetNames = await readStrings(db, "SELECT asset FROM chain_load_asset ORDER BY id");
    const total = await db.runAndReadAll("SELECT count(*)::DOUBLE FROM chain_load_transfer");
    const count = Number(total.getRows()[0]?.[0] ?? 0);
    const graph = {
      count,
      from: new Int32Array(count),
      to: new Int32Array(count),
      asset: new Uint16Array(count),
      time: new Float64Array(count),
      amount: new BigUint64Array(count),
      seq: new Float64Array(count),
    };
    const overflow = new Map<number, bigint>();
    const result = await db.stream(`
      SELECT t.time_ms::DOUBLE, f.id, r.id, a.id, (t.amount % ${TWO_64})::UBIGINT,
        (t.amount // ${TWO_64})::UBIGINT, t.seq::DOUBLE
      FROM chain_load_transfer t
      JOIN chain_load_address f ON f.address = t.from_address
      JOIN chain_load_address r ON r.address = t.to_address
      JOIN chain_load_asset a ON a.asset = t.asset
      ORDER BY t.time_ms, t.seq`);
    let at = 0;
    let next = result.fetchChunk();
    for (;;) {
      const chunk = await next;
      const rows = chunk?.rowCount ?? 0;
      if (chunk === null || rows === 0) break;
      next = result.fetchChunk();
      if (at + rows > count) throw new Error("chain_transfer changed while it was read");
      const column = <T extends Float64Array | Int32Array | BigUint64Array>(
        k: number,
        Type: { new (n: number): T; readonly BYTES_PER_ELEMENT: number },
      ) => chunkColumn(chunk.getColumnVector(k), rows, Type);
      graph.time.set(column(0, Float64Array), at);
      graph.from.set(column(1, Int32Array), at);
      graph.to.set(column(2, Int32Array), at);
      graph.asset.set(column(3, Int32Array), at);
      graph.amount.set(column(4, BigUint64Array), at);
      const high = column(5, BigUint64Array);
      for (let k = 0; k < rows; k++)
        if (high[k] !== 0n || graph.amount[at + k] === SENTINEL) {
          // Past 2^64 − 1 base units (18.4 ETH in wei): the sentinel, and the amount aside.
          overflow.set(at + k, ((high[k] ?? 0n) << 64n) | (graph.amount[at + k] ?? 0n));
          graph.amount[at + k] = SENTINEL;
        }
      graph.seq.set(column(6, Float64Array), at);
      at += rows;
    }
    const ids = new Map<string, number>();
    for (let i = 0; i < addresses.length; i++) ids.set(addresses[i] as string, i);
    return {
      ...graph,
      count: at,
      addresses,
      assets: assetNames,
      overflow,
      tx: [],
      idOf: (address) => ids.get(address),
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS chain_load_transfer; DROP TABLE IF EXISTS chain_load_address;
      DROP TABLE IF EXISTS chain_load_asset;`);
  }
}

const SENTINEL = 0xffff_ffff_ffff_ffffn;

/** The tx hashes of the transfers at input positions `seqs`, in that order. */
export async function txOf(ctx: Context, seqs: readonly number[]): Promise<string[]> {
  if (seqs.length === 0) return [];
  const db = await connect(ctx);
  await db.run("CREATE OR REPLACE TEMP TABLE chain_wanted_seq (k INTEGER, seq BIGINT)");
  try {
    const appender = await db.createAppender("chain_wanted_seq", "main", "temp");
    seqs.forEach((seq, k) => {
      appender.appendInteger(k);
      appender.appendBigInt(BigInt(seq));
      appender.endRow();
    });
    appender.closeSync();
    const rows = await db.runAndReadAll(`SELECT w.k, t.tx FROM chain_wanted_seq w
      JOIN chain_transfer t ON t.seq = w.seq`);
    const out = new Array<string>(seqs.length).fill("");
    for (const [k, tx] of rows.getRows()) out[Number(k)] = String(tx);
    return out;
  } finally {
    await db.run("DROP TABLE IF EXISTS chain_wanted_seq");
  }
}

/** One VARCHAR column of a query, as strings. */
async function readStrings(db: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await db.runAndReadAll(sql);
  return reader.getColumns()[0]?.map((v) => String(v)) ?? [];
}
