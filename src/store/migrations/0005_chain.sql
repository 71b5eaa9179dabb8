-- Chain: address labels, transfer imports and saved traces. The transfers themselves live in
-- the columnar store (DuckDB table chain_transfer, see src/chain/transfer-store.ts): they are
-- bulk, re-importable and read a few columns at a time in time order.

-- Who an address is, by whom: an exchange's deposit address, an OTC desk, a mixer pool. The
-- category decides whether a trace follows what the address sends (services are not followed).
CREATE TABLE chain_label (
  address      text NOT NULL,
  label        text NOT NULL,
  category     text NOT NULL,
  source       text NOT NULL,
  imported_at  timestamptz NOT NULL,
  PRIMARY KEY (address, label, source)
);
CREATE INDEX chain_label_category ON chain_label (category);

-- Assets declared by imports (`--declare HACKER:18`), so that later traces read them with the
-- same decimals without being told again. Built-in assets (ETH, BTC, USDT, ...) are not stored.
CREATE TABLE chain_asset (
  symbol    text PRIMARY KEY,
  decimals  integer NOT NULL CHECK (decimals BETWEEN 0 AND 36),
  chains    text NOT NULL
);

-- One row per transfer file imported: what was read and what it added.
CREATE TABLE chain_import (
  id             text PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor          text NOT NULL,
  file           text NOT NULL,
  content_sha256 text NOT NULL,
  format         text NOT NULL,
  rows_read      integer NOT NULL,
  added          integer NOT NULL,
  duplicates     integer NOT NULL,
  already_stored integer NOT NULL,
  failed_tx      integer NOT NULL
);

-- A trace as a self-contained value: the request, its summary and every reached address, under
-- an id derived from the request and the data it ran on (the same trace twice is one row).
CREATE TABLE chain_trace (
  id        text PRIMARY KEY,
  at        timestamptz NOT NULL,
  actor     text NOT NULL,
  method    text NOT NULL,
  request   jsonb NOT NULL,
  summary   jsonb NOT NULL,
  result    jsonb NOT NULL
);
