-- What the maritime detectors found (encounters, loitering, AIS gaps, port calls, identity
-- problems), each event linked to the vessels it names as they identified themselves at the
-- time and, when linking matched them, to the list entity (an FtM Vessel) they are. Positions
-- stay in the columnar store; these rows are what an analyst reviews and promotes.

-- One run of `cordon ais detect --store` (or the API): its rules and what it found.
CREATE TABLE maritime_detection_run (
  id          text PRIMARY KEY,
  started_at  timestamptz NOT NULL,
  actor       text NOT NULL,
  kinds       text[] NOT NULL,
  params      jsonb NOT NULL,
  event_count integer NOT NULL
);

-- The id is a hash of kind, vessels, start and end, so a re-run finds the same event again
-- and updates it (last_detected_at) instead of adding a copy.
CREATE TABLE maritime_event (
  id                 text PRIMARY KEY,
  kind               text NOT NULL CHECK (kind IN ('encounter', 'loitering', 'gap', 'port-call', 'identity')),
  start_at           timestamptz NOT NULL,
  end_at             timestamptz NOT NULL,
  lat                double precision,
  lon                double precision,
  details            jsonb NOT NULL,
  -- A vessel of the event is designated, or owned or managed by a designated entity.
  flagged            boolean NOT NULL DEFAULT false,
  run_id             text NOT NULL REFERENCES maritime_detection_run (id),
  first_detected_at  timestamptz NOT NULL,
  last_detected_at   timestamptz NOT NULL,
  -- Marking (see 0007): events derived from open AIS data default to TLP:CLEAR.
  org_id             text NOT NULL DEFAULT '',
  tlp                text NOT NULL DEFAULT 'CLEAR' CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  releasable_to      text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX maritime_event_start ON maritime_event (start_at);
CREATE INDEX maritime_event_kind ON maritime_event (kind, start_at);
CREATE INDEX maritime_event_flagged ON maritime_event (start_at) WHERE flagged;

-- The vessels an event names, in its order, with who they said they were at the start of the
-- event and the list entity linking matched (by IMO exactly, or by name and MMSI through
-- screening). designated_via is the designated owner or manager when the vessel itself is not.
CREATE TABLE maritime_event_vessel (
  event_id        text NOT NULL REFERENCES maritime_event (id) ON DELETE CASCADE,
  position        smallint NOT NULL,
  mmsi            bigint NOT NULL,
  imo             text,
  name            text,
  flag            text,
  entity_id       text,
  match_method    text CHECK (match_method IN ('imo', 'name', 'mmsi')),
  match_score     double precision,
  designated      boolean NOT NULL DEFAULT false,
  designated_via  text,
  PRIMARY KEY (event_id, position)
);
CREATE INDEX maritime_event_vessel_mmsi ON maritime_event_vessel (mmsi);
CREATE INDEX maritime_event_vessel_entity ON maritime_event_vessel (entity_id) WHERE entity_id IS NOT NULL;
