import type { ColumnType, Generated, Kysely } from "kysely";
import type { Database } from "../store/index.js";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface OrgTable {
  id: string;
  name: string;
  kind: string;
  country: string | null;
  created_at: CreatedAt;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  org_id: string;
  roles: string[];
  password_hash: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: ColumnType<string | null, number | null, number | null>;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string;
  user_agent: string;
}

export interface ApiTokenTable {
  id: string;
  token_hash: string;
  user_id: string;
  name: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface LoginAttemptTable {
  id: Generated<string>;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  username: string;
  ip: string;
  success: boolean;
  reason: string;
}

/** The access_* tables (migration 0006), beside the store's own. */
// A type alias, not an interface: withTables wants an index-signature-compatible record.
export type AccessTables = {
  access_org: OrgTable;
  access_user: UserTable;
  access_session: SessionTable;
  access_api_token: ApiTokenTable;
  access_login_attempt: LoginAttemptTable;
};

export type AccessDb = Kysely<Database & AccessTables>;

/** The executor with the access tables known to Kysely's types. */
export function accessDb(db: Kysely<Database>): AccessDb {
  return db.withTables<AccessTables>();
}
