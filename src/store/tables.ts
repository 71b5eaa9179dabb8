import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DatasetTable {
  name: string;
  title: string;
  publisher: Generated<string>;
  url: Generated<string>;
  created_at: Generated<Timestamp>;
}

export interface DatasetVersionTable {
  dataset: string;
  version: number;
  imported_at: Timestamp;
  imported_by: string;
  source: string;
  format: string;
  content_sha256: string;
  published_at: string | null;
  entity_count: Generated<number>;
  statement_count: Generated<number>;
  added_count: Generated<number>;
  removed_count: Generated<number>;
  skipped_count: Generated<number>;
}

export interface StatementTable {
  id: string;
  dataset: string;
  entity_id: string;
  schema: string;
  prop: string;
  prop_type: string;
  value: string;
  first_seen: Timestamp;
  last_seen: Timestamp;
  since_version: number;
  until_version: number | null;
}

export interface ResolverTable {
  canonical_id: string;
  source_id: string;
  judgement: "positive" | "negative";
  judged_by: string;
  judged_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface AuditLogTable {
  seq: ColumnType<string, string | number | bigint, never>;
  at: Timestamp;
  actor: string;
  action: string;
  subject: string;
  detail: JSONColumnType<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface Database {
  store_dataset: DatasetTable;
  store_dataset_version: DatasetVersionTable;
  store_statement: StatementTable;
  store_resolver: ResolverTable;
  store_audit_log: AuditLogTable;
}

export type DatasetVersionRow = Selectable<DatasetVersionTable>;
export type StatementRow = Selectable<StatementTable>;
export type NewStatement = Insertable<StatementTable>;
export type AuditRow = Selectable<AuditLogTable>;
