-- The PostgreSQL peer of `npm run bench -- chain`, part 1: the transfers and services as a
-- team without a tracing engine would hold them (amounts exact, numeric wei), indexed for the
-- recursive query. bench/chain.ts replaces __DIR__ with the scenario's folder and runs it with
-- psql (\copy reads the files on the client side).
CREATE TABLE chain_transfer_raw (tx text, time bigint, from_address text, to_address text, asset text, amount numeric);
\copy chain_transfer_raw FROM '__DIR__/transfers.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE chain_transfer AS
  SELECT row_number() OVER () AS seq, time, from_address, to_address, amount * 1000000000000000000 AS amount
  FROM chain_transfer_raw WHERE from_address <> to_address;
DROP TABLE chain_transfer_raw;
CREATE INDEX ON chain_transfer (from_address, time);
CREATE TABLE chain_label (address text, label text, category text, source text);
\copy chain_label FROM '__DIR__/labels.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE chain_service AS SELECT DISTINCT address FROM chain_label WHERE category IN ('exchange', 'otc', 'bridge', 'mixer');
ANALYZE;
