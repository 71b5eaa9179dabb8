import { BIGINT, type DuckDBConnection, INTEGER } from "@duckdb/node-api";
import { appendColumns, type Context, chunkColumn, streamChunks } from "../store/index.js";
import type { Transfer } from "./transfer.js";
import { AMOUNT_SENTINEL, type TransferGraph } from "./transfer-graph.js";

/**
 * Transfers live in the columnar store (DuckDB), not PostgreSQL: a trace reads every transfer
 * of an asset in time order, five narrow columns, millions of rows; DuckDB scans and sorts
 * those compressed and vectorised, where a PostgreSQL heap reads each row whole. They are
 * re-importable from their files, so they need not be in the system of record; imports are
 * recorded there (chain_import) with the audit log. `seq` is the input order, which breaks
 * ties between transfers of the same time.
 *
 * Each address is numbered once, when first imported (`chain_address`), and a transfer keeps
 * the numbers of its two ends beside the addresses: a trace then reads ten million transfers
 * as integers, where joining the address strings back took DuckDB 14 s.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS chain_transfer (
  seq BIGINT NOT NULL, tx VARCHAR NOT NULL, time_ms BIGINT NOT NULL,
  from_address VARCHAR NOT NULL, to_address VARCHAR NOT NULL, asset VARCHAR NOT NULL,
  amount HUGEINT NOT NULL, import_id VARCHAR NOT NULL, from_id INTEGER, to_id INTEGER);
  CREATE TABLE IF NOT EXISTS chain_address (id INTEGER NOT NULL, address VARCHAR NOT NULL);`;

/** Connections whose tables are known to exist and be numbered: checked once, not per call. */
const prepared = new WeakSet<DuckDBConnection>();

async function connect(ctx: Context): Promise<DuckDBConnection> {
  const connection = await ctx.columnar.connect();
  if (prepared.has(connection)) return connection;
  await connection.run(SCHEMA);
  await numberAddressesOfEarlierStores(connection);
  prepared.add(connection);
  return connection;
}

/** Numbers the addresses of `table`'s transfers that chain_address does not hold yet. */
async function numberNewAddresses(db: DuckDBConnection, table: string): Promise<void> {
  await db.run(`INSERT INTO chain_address
    SELECT (SELECT coalesce(max(id) + 1, 0) FROM chain_address)
        + (row_number() OVER (ORDER BY address) - 1)::INTEGER, address FROM (
      SELECT from_address AS address FROM ${table}
      UNION SELECT to_address FROM ${table}
      EXCEPT SELECT address FROM chain_address)`);
}

/**
 * A store written before addresses were numbered: add the two columns and number every
 * address, once (the columnar file has no migrations of its own; this is its one).
 */
async function numberAddressesOfEarlierStores(db: DuckDBConnection): Promise<void> {
  const columns = await db.runAndReadAll(
    `SELECT count(*)::DOUBLE FROM information_schema.columns
     WHERE table_name = 'chain_transfer' AND column_name = 'from_id'`,
  );
  if (Number(columns.getRows()[0]?.[0] ?? 0) > 0) {
    const unnumbered = await db.runAndReadAll(
      "SELECT count(*)::DOUBLE FROM (SELECT 1 FROM chain_transfer WHERE from_id IS NULL LIMIT 1)",
    );
    if (Number(unnumbered.getRows()[0]?.[0] ?? 0) === 0) return;
  } else
    await db.run(`ALTER TABLE chain_transfer ADD COLUMN from_id INTEGER;
      ALTER TABLE chain_transfer ADD COLUMN to_id INTEGER;`);
  await db.run("BEGIN TRANSACTION");
  try {
    await db.run("DELETE FROM chain_address");
    await numberNewAddresses(db, "chain_transfer");
    await db.run(`
      UPDATE chain_transfer SET from_id = a.id FROM chain_address a WHERE a.address = from_address;
      UPDATE chain_transfer SET to_id = a.id FROM chain_address a WHERE a.address = to_address;
      COMMIT;`);
  } catch (error) {
    await db.run("ROLLBACK");
    throw error;
  }
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
      `CREATE OR REPLACE TEMP TABLE chain_staged AS
        SELECT * EXCLUDE (from_id, to_id) FROM chain_transfer LIMIT 0`,
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
    await numberNewAddresses(db, "chain_staged");
    await db.run(`INSERT INTO chain_transfer
      SELECT s.seq + (SELECT coalesce(max(seq) + 1, 0) FROM chain_transfer), s.tx, s.time_ms,
        s.from_address, s.to_address, s.asset, s.amount, s.import_id, f.id, r.id
      FROM chain_staged s
      JOIN chain_address f ON f.address = s.from_address
      JOIN chain_address r ON r.address = s.to_address
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
 * The stored transfers of `assets` (or all), in (time, input order), as a graph. Every column
 * arrives as a typed array, a chunk at a time: the address numbers stored at import, each
 * amount split by DuckDB into two 64-bit words, so ten million transfers make no string and no
 * bigint per row (the tx hashes stay in the store; `txOf` reads those a trace shows). Reading
 * them as JavaScript values took 35 s and 2.6 GiB for a million.
 */
export async function loadGraph(ctx: Context, assets?: readonly string[]): Promise<StoredGraph> {
  const db = await connect(ctx);
  const where =
    assets === undefined || assets.length === 0
      ? ""
      : `WHERE asset IN (${assets.map((a) => `'${a.replace(/'/g, "''")}'`).join(",")})`;
  const addresses = await readStrings(db, "SELECT address FROM chain_address ORDER BY id");
  const assetNames = await readStrings(
    db,
    `SELECT DISTINCT asset FROM chain_transfer ${where} ORDER BY asset`,
  );
  const total = await db.runAndReadAll(`SELECT count(*)::DOUBLE FROM chain_transfer ${where}`);
  const count = Number(total.getRows()[0]?.[0] ?? 0);
  const graph = {
    from: new Int32Array(count),
    to: new Int32Array(count),
    asset: new Uint16Array(count),
    time: new Float64Array(count),
    amount: new BigUint64Array(count),
    seq: new Float64Array(count),
  };
  const overflow = new Map<number, bigint>();
  const assetCase = assetNames.map((a, k) => `WHEN '${a.replace(/'/g, "''")}' THEN ${k}`).join(" ");
  const result = await db.stream(`
    SELECT time_ms::DOUBLE, from_id, to_id, (CASE asset ${assetCase} ELSE 0 END)::INTEGER,
      (amount % ${TWO_64})::UBIGINT, (amount // ${TWO_64})::UBIGINT, seq::DOUBLE
    FROM chain_transfer ${where} ORDER BY time_ms, seq`);
  let at = 0;
  for await (const chunk of streamChunks(result)) {
    const rows = chunk.rowCount;
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
      if (high[k] !== 0n || graph.amount[at + k] === AMOUNT_SENTINEL) {
        // Past 2^64 − 1 base units (18.4 ETH in wei): the sentinel, and the amount aside.
        overflow.set(at + k, ((high[k] ?? 0n) << 64n) | (graph.amount[at + k] ?? 0n));
        graph.amount[at + k] = AMOUNT_SENTINEL;
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
}

/** The tx hashes of the transfers at input positions `seqs`, in that order. */
export async function txOf(ctx: Context, seqs: readonly number[]): Promise<string[]> {
  if (seqs.length === 0) return [];
  const db = await connect(ctx);
  await db.run("CREATE OR REPLACE TEMP TABLE chain_wanted_seq (k INTEGER, seq BIGINT)");
  try {
    await appendColumns(
      db,
      "chain_wanted_seq",
      [INTEGER, BIGINT],
      [seqs.map((_, k) => k), seqs.map((seq) => BigInt(seq))],
      seqs.length,
    );
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
