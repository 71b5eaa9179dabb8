-- Casework: evidence (content-addressed, never altered), chain of custody, incidents, reviews,
-- RFIs and designation recommendations. Every record a reader looks for carries its marking:
-- org_id (the originating organisation), tlp, releasable_to (organisations, AMBER) and
-- recipients (users, RED). Organisation and user ids are not foreign keys: the access tables
-- (0006) are another module's, and a record outlives the account that made it.

-- The bytes, once per content. Never updated nor deleted (trigger below).
CREATE TABLE casework_blob (
  sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes       bytea NOT NULL,
  size_bytes  bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE casework_evidence (
  id             text PRIMARY KEY,
  sha256         text NOT NULL REFERENCES casework_blob (sha256),
  kind           text NOT NULL CHECK (kind IN ('imagery', 'document', 'ais_track', 'transaction_trace', 'state_statement', 'other')),
  title          text NOT NULL,
  description    text NOT NULL DEFAULT '',
  filename       text NOT NULL,
  media_type     text NOT NULL,
  size_bytes     bigint NOT NULL,
  collected_at   timestamptz NOT NULL,
  reliability    text NOT NULL CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
  credibility    smallint NOT NULL CHECK (credibility BETWEEN 1 AND 6),
  redacted_from  text REFERENCES casework_evidence (id),
  submitted_by   text NOT NULL,
  submitted_by_name text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  org_id         text NOT NULL,
  tlp            text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  releasable_to  text[] NOT NULL DEFAULT '{}',
  recipients     text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX casework_evidence_org ON casework_evidence (org_id, created_at);

-- Chain of custody: received, viewed, exported, redacted; by whom. Append-only.
CREATE TABLE casework_custody (
  id           bigserial PRIMARY KEY,
  evidence_id  text NOT NULL REFERENCES casework_evidence (id),
  action       text NOT NULL CHECK (action IN ('received', 'viewed', 'exported', 'redacted')),
  actor_id     text NOT NULL,
  actor_name   text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  detail       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX casework_custody_evidence ON casework_custody (evidence_id, id);

CREATE TABLE casework_incident (
  id                     text PRIMARY KEY,
  title                  text NOT NULL,
  typology               text NOT NULL,
  summary                text NOT NULL DEFAULT '',
  resolution_paragraphs  text[] NOT NULL DEFAULT '{}',
  occurred_from          timestamptz,
  occurred_to            timestamptz,
  place_name             text NOT NULL DEFAULT '',
  latitude               double precision,
  longitude              double precision,
  status                 text NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'investigating', 'substantiated', 'not_substantiated', 'closed')),
  estimates              jsonb NOT NULL DEFAULT '[]',
  source_event           jsonb,
  signed_off_by          text,
  signed_off_at          timestamptz,
  created_by             text NOT NULL,
  created_by_name        text NOT NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  org_id                 text NOT NULL,
  tlp                    text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  releasable_to          text[] NOT NULL DEFAULT '{}',
  recipients             text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX casework_incident_status_idx ON casework_incident (status, created_at);

CREATE TABLE casework_incident_entity (
  incident_id  text NOT NULL REFERENCES casework_incident (id),
  entity_id    text NOT NULL,
  role         text NOT NULL DEFAULT '',
  PRIMARY KEY (incident_id, entity_id)
);

CREATE TABLE casework_incident_evidence (
  incident_id  text NOT NULL REFERENCES casework_incident (id),
  evidence_id  text NOT NULL REFERENCES casework_evidence (id),
  added_by     text NOT NULL,
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, evidence_id)
);

-- Every status change, with who and why; the incident row holds the current one.
CREATE TABLE casework_incident_transition (
  id           bigserial PRIMARY KEY,
  incident_id  text NOT NULL REFERENCES casework_incident (id),
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  by_name      text NOT NULL,
  reason       text NOT NULL DEFAULT '',
  detail       jsonb NOT NULL DEFAULT '{}',
  at           timestamptz NOT NULL DEFAULT now()
);

-- Reviews are kept as written: a dissent is never edited away (append-only).
CREATE TABLE casework_review (
  id             text PRIMARY KEY,
  incident_id    text NOT NULL REFERENCES casework_incident (id),
  reviewer_id    text NOT NULL,
  reviewer_name  text NOT NULL,
  org_id         text NOT NULL,
  verdict        text NOT NULL CHECK (verdict IN ('agree', 'challenge', 'dissent')),
  reason         text NOT NULL CHECK (length(reason) > 0),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX casework_review_incident ON casework_review (incident_id, created_at);

CREATE TABLE casework_rfi (
  id              text PRIMARY KEY,
  incident_id     text REFERENCES casework_incident (id),
  entity_id       text,
  addressee       text NOT NULL,
  addressee_kind  text NOT NULL CHECK (addressee_kind IN ('government', 'company', 'other')),
  questions       jsonb NOT NULL,
  sent_at         timestamptz NOT NULL,
  due_at          timestamptz NOT NULL,
  status          text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'answered', 'declined', 'no_reply')),
  created_by      text NOT NULL,
  created_by_name text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  org_id          text NOT NULL,
  tlp             text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  releasable_to   text[] NOT NULL DEFAULT '{}',
  recipients      text[] NOT NULL DEFAULT '{}',
  CHECK (incident_id IS NOT NULL OR entity_id IS NOT NULL),
  CHECK (due_at >= sent_at)
);

CREATE TABLE casework_rfi_reminder (
  id       bigserial PRIMARY KEY,
  rfi_id   text NOT NULL REFERENCES casework_rfi (id),
  sent_at  timestamptz NOT NULL,
  by_name  text NOT NULL,
  note     text NOT NULL DEFAULT ''
);

-- A reply (or a refusal) as received; its content is an evidence item.
CREATE TABLE casework_rfi_reply (
  id           bigserial PRIMARY KEY,
  rfi_id       text NOT NULL REFERENCES casework_rfi (id),
  received_at  timestamptz NOT NULL,
  declined     boolean NOT NULL DEFAULT false,
  summary      text NOT NULL DEFAULT '',
  evidence_id  text REFERENCES casework_evidence (id),
  by_name      text NOT NULL
);

CREATE TABLE casework_recommendation (
  id                 text PRIMARY KEY,
  entity_id          text NOT NULL,
  incident_ids       text[] NOT NULL,
  statement_of_case  text NOT NULL,
  identifiers        jsonb NOT NULL DEFAULT '[]',
  listing_criteria   text[] NOT NULL DEFAULT '{}',
  created_by         text NOT NULL,
  created_by_name    text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  org_id             text NOT NULL,
  tlp                text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  releasable_to      text[] NOT NULL DEFAULT '{}',
  recipients         text[] NOT NULL DEFAULT '{}'
);

-- Stored bytes, evidence, custody and reviews are never altered.
CREATE FUNCTION casework_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER casework_blob_no_update BEFORE UPDATE OR DELETE ON casework_blob
  FOR EACH ROW EXECUTE FUNCTION casework_append_only();
CREATE TRIGGER casework_evidence_no_update BEFORE UPDATE OR DELETE ON casework_evidence
  FOR EACH ROW EXECUTE FUNCTION casework_append_only();
CREATE TRIGGER casework_custody_no_update BEFORE UPDATE OR DELETE ON casework_custody
  FOR EACH ROW EXECUTE FUNCTION casework_append_only();
CREATE TRIGGER casework_review_no_update BEFORE UPDATE OR DELETE ON casework_review
  FOR EACH ROW EXECUTE FUNCTION casework_append_only();

-- The read rule of src/access/marking.ts, for row-level security. The principal is in two
-- transaction-local settings that src/access/marking-sql.ts enterReader() sets.
CREATE FUNCTION casework_visible(org text, tlp text, releasable text[], recipients text[])
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT tlp IN ('CLEAR', 'GREEN')
    OR (tlp = 'AMBER' AND (org = current_setting('cordon.org_id', true)
        OR releasable @> ARRAY[current_setting('cordon.org_id', true)]))
    OR (tlp = 'AMBER+STRICT' AND org = current_setting('cordon.org_id', true))
    OR (tlp = 'RED' AND recipients @> ARRAY[current_setting('cordon.user_id', true)])
$$;

-- The reader role (cluster-wide on a server, so created once; concurrent migrations of
-- several schemas may race to create it). The connection's user must be able to SET ROLE to
-- it: a superuser can; any other owner is made a member.
DO $$
BEGIN
  CREATE ROLE cordon_casework_reader NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT cordon_casework_reader TO %I', current_user);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO cordon_casework_reader', current_schema());
END $$;
GRANT SELECT ON casework_blob, casework_evidence, casework_custody, casework_incident,
  casework_incident_entity, casework_incident_evidence, casework_incident_transition,
  casework_review, casework_rfi, casework_rfi_reminder, casework_rfi_reply,
  casework_recommendation TO cordon_casework_reader;

ALTER TABLE casework_evidence ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_incident ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_rfi ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_recommendation ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_blob ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_custody ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_incident_entity ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_incident_evidence ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_incident_transition ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_review ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_rfi_reminder ENABLE ROW LEVEL SECURITY;
ALTER TABLE casework_rfi_reply ENABLE ROW LEVEL SECURITY;

CREATE POLICY casework_evidence_read ON casework_evidence FOR SELECT TO cordon_casework_reader
  USING (casework_visible(org_id, tlp, releasable_to, recipients));
CREATE POLICY casework_incident_read ON casework_incident FOR SELECT TO cordon_casework_reader
  USING (casework_visible(org_id, tlp, releasable_to, recipients));
CREATE POLICY casework_rfi_read ON casework_rfi FOR SELECT TO cordon_casework_reader
  USING (casework_visible(org_id, tlp, releasable_to, recipients));
CREATE POLICY casework_recommendation_read ON casework_recommendation FOR SELECT TO cordon_casework_reader
  USING (casework_visible(org_id, tlp, releasable_to, recipients));
-- Dependent rows are visible when their parent is (the subquery runs under the parent's policy).
CREATE POLICY casework_blob_read ON casework_blob FOR SELECT TO cordon_casework_reader
  USING (EXISTS (SELECT 1 FROM casework_evidence e WHERE e.sha256 = casework_blob.sha256));
CREATE POLICY casework_custody_read ON casework_custody FOR SELECT TO cordon_casework_reader
  USING (EXISTS (SELECT 1 FROM casework_evidence e WHERE e.id = evidence_id));
CREATE POLICY casework_incident_entity_read ON casework_incident_entity FOR SELECT TO cordon_casework_reader
  USING (EXISTS (SELECT 1 FROM casework_incident i WHERE i.id = incident_id));
CREATE POLICY casework_incident_evidence_read ON casework_incident_evidence FOR SELECT TO cordon_casework_reader
  USING (EXISTS (SELECT 1 FROM casework_incident i WHERE i.id = incident_id));
CREATE POLICY casework_incident_transition_read ON casework_incident_transition FOR SELECT TO cordon_casework_reader
  USING (EXISTS (SELECT 1 FROM casework_incident i WHERE i.id = incident_id));
CREATE POLICY casework_review_read ON casework_review FOR SELECT TO cordon_casework_reader
  USING (EXISTS (SELECT 1 FROM casework_incident i WHERE i.id = incident_id));
CREATE POLICY casework_rfi_reminder_read ON casework_rfi_reminder FOR SELECT TO cordon_casework_reader
  USING (EXISTS (SELECT 1 FROM casework_rfi r WHERE r.id = rfi_id));
CREATE POLICY casework_rfi_reply_read ON casework_rfi_reply FOR SELECT TO cordon_casework_reader
  USING (EXISTS (SELECT 1 FROM casework_rfi r WHERE r.id = rfi_id));

-- The evidentiary rule substantiation is held to; the latest row wins, earlier rows stay as
-- the record of what the rule was when. No row: the default of src/casework/corroboration.ts.
CREATE TABLE casework_rule (
  id       bigserial PRIMARY KEY,
  rule     jsonb NOT NULL,
  set_by   text NOT NULL,
  set_at   timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON casework_rule TO cordon_casework_reader;
