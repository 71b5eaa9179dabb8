/**
 * The store owns PostgreSQL: connections (PGlite or a server), migrations, the statement
 * tables with their version spans, the resolver and the hash-chained audit log. Domains call
 * these functions with an executor (the db or a transaction); they never write SQL on store_*
 * tables themselves.
 */
export * from "./audit.js";
export {
  appendColumns,
  type CellValue,
  type Columnar,
  chunkColumn,
  openColumnar,
  sqlText,
  streamChunks,
} from "./columnar.js";
export { type Context, openContext } from "./context.js";
export * from "./datasets.js";
export { type Db, type Engine, type OpenOptions, openStore, type Store } from "./db.js";
export {
  PARQUET_CREATED_BY,
  type ParquetColumnSpec,
  type ParquetColumnType,
  type ParquetValues,
  ParquetWriter,
  parquetWidth,
} from "./parquet-writer.js";
export * from "./resolver.js";
export * from "./statements.js";
export type { Database, DatasetVersionRow, StatementRow } from "./tables.js";
