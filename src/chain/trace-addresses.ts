import { type DuckDBConnection, INTEGER, VARCHAR } from "@duckdb/node-api";
import { appendColumns, type Context } from "../store/index.js";
import type { TracedAddress } from "./trace-result.js";

/**
 * The reached addresses of saved traces, in the columnar store beside the transfers they were
 * traced through. A trace of ten million transfers reaches some 800,000 addresses: as JSON in
 * the PostgreSQL row they ran PGlite out of memory, where the columnar table takes them in a
 * second. They are derived data (the same request on the same transfers gives the same trace
 * and id), like the transfers re-importable; what an analyst keeps is saved as evidence.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS chain_trace_address (
  trace_id VARCHAR NOT NULL, k INTEGER NOT NULL, line VARCHAR NOT NULL)`;

async function connect(ctx: Context): Promise<DuckDBConnection> {
  const db = await ctx.columnar.connect();
  await db.run(SCHEMA);
  return db;
}

/**
 * Replaces the stored addresses of trace `id` with `addresses`, in their order, each as its
 * JSON line (one text column: a column per field cost four times as long to append).
 */
export async function storeTraceAddresses(
  ctx: Context,
  id: string,
  addresses: readonly TracedAddress[],
): Promise<void> {
  const db = await connect(ctx);
  await db.run("BEGIN TRANSACTION");
  try {
    await db.run(`DELETE FROM chain_trace_address WHERE trace_id = '${id.replace(/'/g, "''")}'`);
    await appendColumns(
      db,
      "chain_trace_address",
      [VARCHAR, INTEGER, VARCHAR],
      [
        addresses.map(() => id),
        addresses.map((_, k) => k),
        addresses.map((a) => JSON.stringify(a)),
      ],
      addresses.length,
    );
    await db.run("COMMIT");
  } catch (error) {
    await db.run("ROLLBACK");
    throw error;
  }
}

/** The stored addresses of trace `id`, in the order they were stored; undefined if none are. */
export async function readTraceAddresses(
  ctx: Context,
  id: string,
): Promise<TracedAddress[] | undefined> {
  const db = await connect(ctx);
  const reader = await db.runAndReadAll(
    `SELECT line FROM chain_trace_address WHERE trace_id = '${id.replace(/'/g, "''")}' ORDER BY k`,
  );
  const lines = reader.getColumns()[0] ?? [];
  if (lines.length === 0) return undefined;
  return lines.map((line) => JSON.parse(String(line)) as TracedAddress);
}
