-- Screening requests made through the API: who asked, when, the query, the list versions
-- screened against (dataset → version) and what came back. A compliance team shows from this
-- what it checked and against which version of each list. Each row is written in the same
-- transaction as its audit-log entry (audit_seq), and like the log it is append-only.
CREATE TABLE screening_request (
  id          text PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor       text NOT NULL,
  client      text,
  endpoint    text NOT NULL,
  dataset     text NOT NULL,
  algorithm   text NOT NULL,
  threshold   double precision NOT NULL,
  query       jsonb NOT NULL,
  versions    jsonb NOT NULL,
  results     jsonb NOT NULL,
  audit_seq   bigint NOT NULL REFERENCES store_audit_log (seq)
);
CREATE INDEX screening_request_at ON screening_request (at);
CREATE INDEX screening_request_actor ON screening_request (actor, at);

CREATE FUNCTION screening_request_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'screening_request is append-only';
END;
$$;
CREATE TRIGGER screening_request_no_update BEFORE UPDATE OR DELETE ON screening_request
  FOR EACH ROW EXECUTE FUNCTION screening_request_append_only();

-- The candidate index's copy of each dataset's designatable entities as of one version, so a
-- new process (each `cordon screen`) loads its index from one row per entity instead of
-- re-assembling it from the statements. A cache: rewritten when a dataset has a new version.
CREATE TABLE screening_index_entity (
  dataset     text NOT NULL,
  version     integer NOT NULL,
  entity_id   text NOT NULL,
  entity      jsonb NOT NULL,
  PRIMARY KEY (dataset, entity_id)
);
