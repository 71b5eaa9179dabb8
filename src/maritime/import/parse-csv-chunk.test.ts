import { describe, expect, it } from "vitest";
import { type CsvLayout, parseCsvChunk, STATIC_FIELDS } from "./parse-csv-chunk.js";
import { REJECT_REASON_CODES } from "./position-batch.js";

// NOAA's columns: MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,
// Status,Length,Width,Draft,Cargo,TransceiverClass
const NOAA: CsvLayout = {
  delimiter: 44,
  mmsi: 0,
  time: 1,
  lat: 2,
  lon: 3,
  sog: 4,
  cog: 5,
  heading: 6,
  statics: [8, 7, 9, 10, 12, 13, 14],
  notVessel: -1,
  timeFormat: null,
  earliest: 315532800,
  latest: 2e9,
};

const parse = (rows: readonly string[], layout = NOAA) =>
  parseCsvChunk(Buffer.from(`${rows.join("\n")}\n`, "utf8"), layout);
const reasonOf = (code: number) => (code === 0 ? null : REJECT_REASON_CODES[code - 1]);

describe("parseCsvChunk", () => {
  it("reads positions, lines and refusals by reason", () => {
    const { batch, lines, shortRows } = parse([
      "367000001,2024-03-01T00:00:00,40.5,-70.25,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A",
      "",
      "abc,2024-03-01T00:00:00,40.5,-70.25,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A",
      "367000001,garbage,40.5,-70.25,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A",
      "367000001,2024-03-01T00:01:00,91,181,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A",
      "367000001,2024-03-01T00:02:00,95,10,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A",
      "367000001,2024-03-01T00:03:00,,10,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A",
      "367000001,1970-01-01T00:00:00,40,10,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A",
    ]);
    expect(lines).toBe(8);
    expect(shortRows).toEqual([]);
    expect(batch.rows).toBe(7);
    expect([...batch.line]).toEqual([1, 3, 4, 5, 6, 7, 8]);
    expect([...batch.reason].map(reasonOf)).toEqual([
      null,
      "bad_mmsi",
      "bad_timestamp",
      "position_unavailable",
      "impossible_coordinates",
      "bad_value",
      "bad_timestamp",
    ]);
    expect(batch.mmsi[0]).toBe(367000001);
    expect(batch.time[0]).toBe(Date.UTC(2024, 2, 1) / 1000);
    expect([batch.lat[0], batch.lon[0], batch.sog[0], batch.cog[0], batch.heading[0]]).toEqual([
      40.5, -70.25, 1.5, 10, 20,
    ]);
  });

  it("makes speeds, courses and headings out of range 'not available', keeping the position", () => {
    const { batch } = parse([
      "367000002,2024-03-01T00:02:00,41.0,-71.0,102.3,400,511,N,,,,,,,,,",
      "367000002,2024-03-01T00:03:00,41.0,-71.0,-1,x,,N,,,,,,,,,",
    ]);
    expect([...batch.reason]).toEqual([0, 0]);
    for (const column of [batch.sog, batch.cog, batch.heading])
      expect([...column]).toEqual([NaN, NaN]);
  });

  it("reads quoted fields with delimiters and doubled quotes, and CRLF line ends", () => {
    const { batch, identities } = parse([
      '367000002,2024-03-01T00:02:00,41.0,-71.0,5,5,5,"NAME, WITH ""COMMA""", IMO9000002 ,CALL2,80,0,50,10,3,80,A\r',
    ]);
    expect(batch.rows).toBe(1);
    expect(batch.lat[0]).toBe(41);
    expect(identities[0]?.fields).toEqual([
      "IMO9000002",
      'NAME, WITH "COMMA"',
      "CALL2",
      "80",
      "50",
      "10",
      "3",
    ]);
  });

  it("groups each vessel's identity texts with their first and last time, not one a row", () => {
    const row = (mmsi: number, minute: number, name: string) =>
      `${mmsi},2024-03-01T00:${String(minute).padStart(2, "0")}:00,40,10,1,1,1,${name},IMO1,C,70,0,1,1,1,70,A`;
    const { identities } = parse([
      row(1001, 0, "A"),
      row(1002, 1, "B"),
      row(1001, 2, "A"),
      row(1001, 3, "A2"),
      row(1001, 4, "A"),
      row(1002, 5, "B"),
      "abc,2024-03-01T00:06:00,40,10,1,1,1,IGNORED,IMO1,C,70,0,1,1,1,70,A",
    ]);
    const t = (minute: number) => Date.UTC(2024, 2, 1, 0, minute) / 1000;
    expect(identities.map((i) => [i.mmsi, i.fields[1], i.first, i.last])).toEqual([
      [1001, "A", t(0), t(4)],
      [1002, "B", t(1), t(5)],
      [1001, "A2", t(3), t(3)],
    ]);
    expect(STATIC_FIELDS[1]).toBe("name");
  });

  it("names the lines of rows with fewer fields than it needs", () => {
    const { shortRows, batch } = parse([
      "367000001,2024-03-01T00:00:00,40.5,-70.25,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A",
      "367000001,2024-03-01T00:01:00,40.5",
    ]);
    expect(shortRows).toEqual([2]);
    expect(batch.rows).toBe(1);
  });

  it("reads times by a format, and DMA's base stations as no vessels", () => {
    const layout: CsvLayout = {
      ...NOAA,
      delimiter: 59,
      statics: STATIC_FIELDS.map(() => -1),
      mmsi: 2,
      time: 0,
      lat: 3,
      lon: 4,
      sog: -1,
      cog: -1,
      heading: -1,
      notVessel: 1,
      timeFormat: "%d/%m/%Y %H:%M:%S",
    };
    const { batch, identities } = parse(
      [
        "12/11/2013 00:00:05;Class A;219000001;55.5;10.5",
        "12/11/2013 00:00:06;Base Station;2190001;55.5;10.5",
      ],
      layout,
    );
    expect(batch.time[0]).toBe(Date.UTC(2013, 10, 12, 0, 0, 5) / 1000);
    expect([...batch.reason].map(reasonOf)).toEqual([null, "not_a_vessel"]);
    expect(Number.isNaN(batch.sog[0])).toBe(true);
    expect(identities).toEqual([]);
  });

  it("reads a row ended by its line end as it reads the same row at the chunk's end", () => {
    // Rows that end in "\n" take a fast path; a chunk's last row without one is read field by
    // field, the way every row was read before. Both must agree on every value and identity.
    const previous =
      "367000001,2024-03-01T00:00:00,40.5,-70.25,1.5,10.0,20,SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A";
    const tail = ",SHIP A,IMO9000001,CALL1,70,0,100,20,5.0,70,A";
    const rows = [
      `367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20${tail}`,
      `367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20${tail}\r`,
      `367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20,SHIP B${tail.slice(7)}`,
      `367000002,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20${tail}`,
      `367000001,2024-03-01 00:01:00, 40.6 ,\u00a0-70.26,1e1,+5.,.5${tail}`,
      `367000001,2024-03-01T00:01:00Z,40.6,-70.26,,,${tail}`,
      `367000001,2024-03-01T09:01:00+09:00,40.6,-70.26,x,1.2.3,-${tail}`,
      `367000001,2024-03-01T00:01:00.250,40.6,-70.26,1234567890123456,0.000001,511${tail}`,
      `367000001,2024-03-01T00:01:00,40.12345678901234567,-70.26,1.5,10.0,20${tail}`,
      `367000001,2024-02-30T00:01:00,40.6,-70.26,1.5,10.0,20${tail}`,
      `367000001,2024-03-01T24:00:00,40.6,-70.26,1.5,10.0,20${tail}`,
      `367000001,1709251260,91,181,1.5,10.0,20${tail}`,
      `367000001,1709251260000,95,10,1.5,10.0,20${tail}`,
      `367000001,garbage,40.6,-70.26,1.5,10.0,20${tail}`,
      ` 367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20${tail}`,
      `367000001.4,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20${tail}`,
      `abc,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20${tail}`,
      `367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20,"SHIP A",IMO9000001,CALL1,70,0,100,20,5.0,70,A`,
      `367000001,2024-03-01T00:01:00,"40.6",-70.26,1.5,10.0,20${tail}`,
      `367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20${tail},extra`,
      `367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20,SHIP A,IMO9000001`,
      "367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20",
      "367000001,2024-03-01T00:01:00,40.6",
      "367000001,2024-03-01T00:01:00,40.6,-70.26,1.5,10.0,20,\r",
      "\r\r",
    ];
    for (const layout of [NOAA, { ...NOAA, statics: STATIC_FIELDS.map(() => -1) }])
      for (const row of rows)
        for (const before of [previous, `${previous}\r`]) {
          const fast = parseCsvChunk(Buffer.from(`${before}\n${row}\n`), layout);
          const slow = parseCsvChunk(Buffer.from(`${before}\n${row}`), layout);
          expect({ row, ...fast }).toEqual({ row, ...slow });
        }
  });
});
