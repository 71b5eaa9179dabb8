-- The PostGIS peer, step 2: GFW's gap and encounter rules in SQL, the way an analyst without
-- Cordon would write them. Gaps: consecutive reports 12 h or more apart. Encounters: positions
-- averaged per vessel and 10-minute bin (no interpolation), pairs within 500 m in a bin
-- (a GiST index on bin and point), runs of consecutive bins (gaps and islands) of at least
-- 2 hours with a median speed under 2 knots, at least 10 km from the ports of interest.
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 2;
CREATE TABLE gap AS
SELECT mmsi, prev_t AS start_t, t AS end_t, prev_lat, prev_lon, lat, lon,
       ST_Distance(ST_MakePoint(prev_lon, prev_lat)::geography, ST_MakePoint(lon, lat)::geography) / 1852
         / (extract(epoch FROM t - prev_t) / 3600) AS implied_knots
FROM (SELECT mmsi, t, lat, lon, lag(t) OVER w AS prev_t, lag(lat) OVER w AS prev_lat, lag(lon) OVER w AS prev_lon
      FROM ais WINDOW w AS (PARTITION BY mmsi ORDER BY t)) s
WHERE t - prev_t >= interval '12 hours';

CREATE UNLOGGED TABLE binned AS
SELECT mmsi, floor(extract(epoch FROM t) / 600)::bigint AS bin, avg(lat) AS lat, avg(lon) AS lon,
       avg(sog) AS sog, ST_SetSRID(ST_MakePoint(avg(lon), avg(lat)), 4326) AS geom
FROM ais GROUP BY mmsi, floor(extract(epoch FROM t) / 600)::bigint;
CREATE INDEX ON binned USING gist (bin, geom);
ANALYZE binned;

CREATE TABLE port (name text, geog geography);
INSERT INTO port VALUES
  ('NAMPO', ST_MakePoint(125.4, 38.716667)), ('KYOMIPO', ST_MakePoint(125.616667, 38.733333)),
  ('HAEJU', ST_MakePoint(125.7, 38.0)), ('WONSAN', ST_MakePoint(127.45, 39.166667)),
  ('HUNGNAM', ST_MakePoint(127.616667, 39.833333)), ('CHAHO', ST_MakePoint(128.65, 40.2)),
  ('KIMCHAEK', ST_MakePoint(129.2, 40.666667)), ('CHONGJIN', ST_MakePoint(129.816667, 41.766667)),
  ('NAJIN', ST_MakePoint(130.3, 42.233333)), ('SENBONG', ST_MakePoint(130.4, 42.333333)),
  ('VOSTOCHNYY', ST_MakePoint(133.083333, 42.75)), ('NAKHODKA', ST_MakePoint(132.883333, 42.8)),
  ('VLADIVOSTOK', ST_MakePoint(131.9, 43.116667)), ('SLAVYANKA', ST_MakePoint(131.383333, 42.866667)),
  ('ZARUBINO', ST_MakePoint(131.083333, 42.633333)), ('DALIAN', ST_MakePoint(121.666667, 38.916667)),
  ('DANDONG', ST_MakePoint(124.15, 39.816667)), ('LONGKOU', ST_MakePoint(120.283333, 37.633333)),
  ('YANTAI', ST_MakePoint(121.45, 37.55)), ('QINGDAO', ST_MakePoint(120.266667, 36.033333));

CREATE UNLOGGED TABLE close_pair AS
SELECT a.mmsi AS a, b.mmsi AS b, a.bin,
       ST_Distance(a.geom::geography, b.geom::geography) AS d,
       a.sog AS sog_a, b.sog AS sog_b, (a.lat + b.lat) / 2 AS lat, (a.lon + b.lon) / 2 AS lon
FROM binned a JOIN binned b
  ON b.bin = a.bin AND a.mmsi < b.mmsi AND ST_DWithin(a.geom, b.geom, 0.01)
WHERE ST_DWithin(a.geom::geography, b.geom::geography, 500);

CREATE TABLE encounter AS
SELECT a, b, min(bin) * 600 AS start_s, max(bin) * 600 AS end_s, count(*) AS steps,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median_m,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY (sog_a + sog_b) / 2) AS median_knots,
       avg(lat) AS lat, avg(lon) AS lon
FROM (SELECT *, bin - row_number() OVER (PARTITION BY a, b ORDER BY bin) AS island FROM close_pair) s
GROUP BY a, b, island
HAVING max(bin) - min(bin) >= 12 AND percentile_cont(0.5) WITHIN GROUP (ORDER BY (sog_a + sog_b) / 2) < 2;
DELETE FROM encounter e USING port p WHERE ST_DWithin(ST_MakePoint(e.lon, e.lat)::geography, p.geog, 10000);

\pset format unaligned
\pset tuples_only on
SELECT json_build_object('gaps', (SELECT count(*) FROM gap), 'encounters', (SELECT count(*) FROM encounter));
