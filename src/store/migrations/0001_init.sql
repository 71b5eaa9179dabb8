-- Datasets, their versions, the statements they contain, the resolver and the audit log.

CREATE TABLE store_dataset (
  name        text PRIMARY KEY,
  title       text NOT NULL,
  publisher   text NOT NULL DEFAULT '',
  url         text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per import: what was read, from where, and what it changed.
CREATE TABLE store_dataset_version (
  dataset          text NOT NULL REFERENCES store_dataset (name),
  version          integer NOT NULL,
  imported_at      timestamptz NOT NULL,
  imported_by      text NOT NULL,
  source           text NOT NULL,
  format           text NOT NULL,
  content_sha256   text NOT NULL,
  published_at     text,
  entity_count     integer NOT NULL DEFAULT 0,
  statement_count  integer NOT NULL DEFAULT 0,
  added_count      integer NOT NULL DEFAULT 0,
  removed_count    integer NOT NULL DEFAULT 0,
  skipped_count    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (dataset, version)
);

-- A statement is one fact. A row is one span of versions in which the fact was present:
-- since_version inclusive, until_version exclusive (NULL while it is still present). A fact
-- that disappears and comes back gets a second row with the same id.
CREATE TABLE store_statement (
  id             text NOT NULL,
  dataset        text NOT NULL REFERENCES store_dataset (name),
  entity_id      text NOT NULL,
  schema         text NOT NULL,
  prop           text NOT NULL,
  prop_type      text NOT NULL,
  value          text NOT NULL,
  first_seen     timestamptz NOT NULL,
  last_seen      timestamptz NOT NULL,
  since_version  integer NOT NULL,
  until_version  integer,
  PRIMARY KEY (id, since_version)
);
CREATE INDEX store_statement_entity ON store_statement (entity_id);
CREATE INDEX store_statement_current ON store_statement (dataset, id) WHERE until_version IS NULL;
CREATE INDEX store_statement_reference ON store_statement (value) WHERE prop_type = 'entity';

-- The resolver: source entity ids judged to be one thing share a canonical id. Judgements are
-- appended, never overwritten; the latest judgement on a pair wins.
CREATE TABLE store_resolver (
  canonical_id  text NOT NULL,
  source_id     text NOT NULL,
  judgement     text NOT NULL CHECK (judgement IN ('positive', 'negative')),
  judged_by     text NOT NULL,
  judged_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (canonical_id, source_id, judged_at)
);
CREATE INDEX store_resolver_source ON store_resolver (source_id);

-- Append-only and hash-chained: hash = sha256(prev_hash || canonical JSON of the row).
CREATE TABLE store_audit_log (
  seq          bigint PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL,
  subject      text NOT NULL,
  detail       jsonb NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);

CREATE FUNCTION store_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'store_audit_log is append-only';
END;
$$;
CREATE TRIGGER store_audit_log_no_update BEFORE UPDATE OR DELETE ON store_audit_log
  FOR EACH ROW EXECUTE FUNCTION store_audit_log_append_only();
