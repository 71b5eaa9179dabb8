-- The PostgreSQL peer of `npm run bench -- chain`, part 2: a haircut trace as one recursive
-- query. psql -v seed=ADDRESS -f bench/peers/chain_recursive_trace.sql
--
-- A recursive CTE carries rows, not running balances, so it cannot replay balances in time
-- order as Cordon and the networkx peer do. What it can do, level by level (hop by hop): the
-- earliest time-respecting arrival at each address, and the taint each level carries, each
-- transfer out of a reached address taking the sender's tainted share of everything it ever
-- received (a static haircut). The window functions in a subquery keep one row per address and
-- level (PostgreSQL allows no aggregate in the recursive term); services are not followed.
\timing on
WITH RECURSIVE
  received AS (SELECT to_address AS address, sum(amount) AS total FROM chain_transfer GROUP BY to_address),
  reach (address, arrival, hops, taint) AS (
    SELECT r.address, 0::bigint, 0, r.total FROM received r WHERE r.address = :'seed'
    UNION ALL
    SELECT x.to_address, x.arrival, x.hops, x.taint FROM (
      SELECT t.to_address,
        min(t.time) OVER (PARTITION BY t.to_address) AS arrival,
        r.hops + 1 AS hops,
        sum(floor(t.amount * least(1, r.taint / rv.total))) OVER (PARTITION BY t.to_address) AS taint,
        row_number() OVER (PARTITION BY t.to_address ORDER BY t.time) AS k
      FROM reach r
      JOIN chain_transfer t ON t.from_address = r.address AND t.time >= r.arrival
      JOIN received rv ON rv.address = r.address
      WHERE r.hops < 10 AND r.taint > 0
        AND NOT EXISTS (SELECT 1 FROM chain_service s WHERE s.address = r.address)
    ) x WHERE x.k = 1
  ),
  best AS (SELECT DISTINCT ON (address) address, hops, taint FROM reach ORDER BY address, hops, taint DESC)
SELECT count(*) AS reached, sum(taint) AS tainted_wei FROM best;
