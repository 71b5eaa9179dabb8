import type { ColumnType, JSONColumnType, Kysely } from "kysely";
import type { Database } from "../store/index.js";
import type { Asset, Chain } from "./assets.js";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The chain tables (migration 0005_chain.sql). */
// A type alias, not an interface: Kysely's withTables wants an index-compatible record.
export type ChainTables = {
  chain_asset: { symbol: string; decimals: number; chains: string };
  chain_label: {
    address: string;
    label: string;
    category: string;
    source: string;
    imported_at: Timestamp;
  };
  chain_import: {
    id: string;
    at: Timestamp;
    actor: string;
    file: string;
    content_sha256: string;
    format: string;
    rows_read: number;
    added: number;
    duplicates: number;
    already_stored: number;
    failed_tx: number;
  };
  chain_trace: {
    id: string;
    at: Timestamp;
    actor: string;
    method: string;
    request: JSONColumnType<Record<string, unknown>>;
    summary: JSONColumnType<Record<string, unknown>>;
    result: JSONColumnType<Record<string, unknown>>;
  };
};

export type ChainDb = Kysely<Database & ChainTables>;

export function chainTables(db: Kysely<Database>): ChainDb {
  return db.withTables<ChainTables>();
}

/** A label as stored: which address, what it is, by whom. */
export interface AddressLabel {
  readonly address: string;
  readonly label: string;
  readonly category: string;
  readonly source: string;
}

/** Adds labels (a label already held from the same source is left as it is). */
export async function insertLabels(
  trx: Kysely<Database>,
  labels: readonly AddressLabel[],
  at: Date,
): Promise<number> {
  let added = 0;
  for (let i = 0; i < labels.length; i += 2000) {
    const chunk = labels.slice(i, i + 2000).map((l) => ({ ...l, imported_at: at }));
    const result = await chainTables(trx)
      .insertInto("chain_label")
      .values(chunk)
      .onConflict((oc) => oc.columns(["address", "label", "source"]).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Every stored label (tens of thousands at most: a trace joins them in memory). */
export async function selectLabels(db: Kysely<Database>): Promise<AddressLabel[]> {
  return chainTables(db)
    .selectFrom("chain_label")
    .select(["address", "label", "category", "source"])
    .orderBy("address")
    .execute();
}

/** Records assets an import declared (a symbol already held keeps its first declaration). */
export async function insertAssets(trx: Kysely<Database>, assets: readonly Asset[]): Promise<void> {
  if (assets.length === 0) return;
  await chainTables(trx)
    .insertInto("chain_asset")
    .values(
      assets.map((a) => ({ symbol: a.symbol, decimals: a.decimals, chains: a.chains.join(",") })),
    )
    .onConflict((oc) => oc.column("symbol").doNothing())
    .execute();
}

/** The assets imports declared. */
export async function selectAssets(db: Kysely<Database>): Promise<Asset[]> {
  const rows = await chainTables(db)
    .selectFrom("chain_asset")
    .selectAll()
    .orderBy("symbol")
    .execute();
  return rows.map((r) => ({
    symbol: r.symbol,
    decimals: r.decimals,
    chains: r.chains.split(",") as Chain[],
  }));
}
