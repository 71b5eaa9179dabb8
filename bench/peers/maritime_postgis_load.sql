-- The PostGIS peer of `npm run bench -- maritime-detect`, step 1: load the NOAA CSV as an
-- analyst would (COPY into a table, an index on vessel and time).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE UNLOGGED TABLE ais (
  mmsi bigint, t timestamp, lat float8, lon float8, sog real, cog real, heading real,
  name text, imo text, callsign text, vtype int, status int, length real, width real,
  draft real, cargo int, tclass text
);
-- The bench then runs: \copy ais FROM '<file>' WITH (FORMAT csv, HEADER true)
-- and CREATE INDEX ON ais (mmsi, t); ANALYZE ais; (psql does not expand variables in \copy).
