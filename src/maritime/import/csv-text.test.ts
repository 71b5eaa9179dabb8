import { describe, expect, it } from "vitest";
import {
  compileTimeFormat,
  defaultTimeAt,
  formattedTimeAt,
  numberAt,
  PlainIsoTimes,
  plainIsoTimeAt,
} from "./csv-text.js";

const bytes = (text: string) => Buffer.from(text, "utf8");
const number = (text: string) => numberAt(bytes(text), 0, bytes(text).length);
const time = (text: string) => defaultTimeAt(bytes(text), 0, bytes(text).length);
const formatted = (text: string, format: string) => {
  const steps = compileTimeFormat(format);
  if (typeof steps === "string") throw new Error(steps);
  return formattedTimeAt(bytes(text), 0, bytes(text).length, steps);
};

describe("numberAt", () => {
  it("reads decimals exactly as Number() does", () => {
    for (const text of ["38.12345", "-123.16648", "0.0", "511", "+7.5", "12.", ".5", "0.000001"])
      expect(number(text)).toBe(Number(text));
    // Random decimals with up to 15 digits: the integer ÷ 10^k path must round as Number().
    let seed = 7;
    for (let i = 0; i < 10_000; i++) {
      seed = (seed * 48271) % 2147483647;
      const text = `${seed % 2 ? "-" : ""}${(seed % 180) + 1}.${String(seed).slice(0, 1 + (seed % 7))}`;
      expect(number(text)).toBe(Number(text));
    }
  });

  it("ignores blanks around the number, a UTF-8 no-break space too", () => {
    expect(number("  41.5 ")).toBe(41.5);
    expect(number("\u00a041.5\u00a0")).toBe(41.5);
  });

  it("reads exponents, NaN and infinities, and gives NaN for what is no number", () => {
    expect(number("1e3")).toBe(1000);
    expect(number("1.5E-2")).toBe(0.015);
    expect(number("NaN")).toBeNaN();
    expect(number("inf")).toBe(Number.POSITIVE_INFINITY);
    for (const text of ["", " ", "x", "1.2.3", "0x10", "12a", "-", "."])
      expect(number(text)).toBeNaN();
  });
});

describe("defaultTimeAt", () => {
  it("reads ISO 8601 as UTC unless it carries an offset", () => {
    expect(time("2024-03-01T00:00:21")).toBe(Date.UTC(2024, 2, 1, 0, 0, 21) / 1000);
    expect(time("2024-03-01 00:00:21")).toBe(Date.UTC(2024, 2, 1, 0, 0, 21) / 1000);
    expect(time("2024-03-01T00:00:21Z")).toBe(Date.UTC(2024, 2, 1, 0, 0, 21) / 1000);
    expect(time("2024-03-01T02:00:00+02:00")).toBe(Date.UTC(2024, 2, 1) / 1000);
    expect(time("2024-03-01T02:00:00+0200")).toBe(Date.UTC(2024, 2, 1) / 1000);
    expect(time("2024-02-29T23:00:00-01")).toBe(Date.UTC(2024, 2, 1) / 1000);
    expect(time("2024-03-01T00:00:21.250")).toBe(Date.UTC(2024, 2, 1, 0, 0, 21, 250) / 1000);
    expect(time("2024-03-01T00:00")).toBe(Date.UTC(2024, 2, 1) / 1000);
    expect(time("2024-03-01")).toBe(Date.UTC(2024, 2, 1) / 1000);
  });

  it("reads epoch seconds, and milliseconds above 1e11", () => {
    expect(time("1709251500")).toBe(1709251500);
    expect(time("1709251600000")).toBe(1709251600);
    expect(time("1709251500.5")).toBe(1709251500.5);
  });

  it("gives NaN for dates that do not exist and for text that is no time", () => {
    for (const text of [
      "2023-02-29T00:00:00",
      "2024-13-01",
      "2024-03-01T24:00:00",
      "garbage",
      "",
      "-5",
      "1.7e9",
      "2024-03-01T00:00:00 junk",
    ])
      expect(time(text)).toBeNaN();
  });
});

describe("plainIsoTimeAt", () => {
  it("reads YYYY-MM-DDTHH:MM:SS as defaultTimeAt does, and nothing else", () => {
    const plain = (text: string) => plainIsoTimeAt(bytes(`${text},`), 0);
    for (const text of ["2024-03-01T00:00:21", "2024-03-01 23:59:60", "2024-02-29T12:34:56"])
      expect(plain(text)).toBe(time(text));
    for (const text of [
      "2023-02-29T00:00:00",
      "2024-03-01T24:00:00",
      "2024-03-01T00:60:00",
      "2024-03-01T00:00:61",
      "2024-03-01T00:00:2x",
      "2024-03-01T0:00:21",
      "2024/03/01T00:00:21",
      "2024-03-01X00:00:21",
      "2024-03-01T00:00",
    ])
      expect(plain(text)).toBeNaN();
    expect(plainIsoTimeAt(bytes("2024-03-01T00:00:2"), 0)).toBeNaN();
  });
});

describe("PlainIsoTimes", () => {
  it("reads times in a row as plainIsoTimeAt does, whether their hour is the last one's or not", () => {
    const times = new PlainIsoTimes();
    const texts = [
      "2024-03-01T00:00:21",
      "2024-03-01T00:59:60",
      "2024-03-01T00:60:00",
      "2024-03-01T00:00:61",
      "2024-03-01T00:0x:00",
      "2024-03-01T00-00:00",
      "2024-03-01T00:01:00",
      "2024-03-01T01:01:00",
      "2024-02-30T01:01:00",
      "2024-02-30T01:02:00",
      "2024-03-01 01:03:00",
      "2024-03-01T01:04:00",
    ];
    for (const text of texts) {
      const row = bytes(`${text},`);
      const words = new DataView(row.buffer, row.byteOffset, row.byteLength);
      const read = times.read(row, words, 0);
      expect([text, times.time]).toEqual([text, plainIsoTimeAt(row, 0)]);
      expect(read).toBe(!Number.isNaN(times.time));
    }
  });
});

describe("formattedTimeAt", () => {
  it("reads times by a strptime format", () => {
    expect(formatted("12/11/2013 00:00:05", "%d/%m/%Y %H:%M:%S")).toBe(
      Date.UTC(2013, 10, 12, 0, 0, 5) / 1000,
    );
    expect(formatted("23/03/2021 14:07", "%d/%m/%Y %H:%M")).toBe(
      Date.UTC(2021, 2, 23, 14, 7) / 1000,
    );
    expect(formatted("Mar 1 24 02:00 PM", "%b %e %y %I:%M %p")).toBe(
      Date.UTC(2024, 2, 1, 14) / 1000,
    );
    expect(formatted("2024-03-01 10:00:00.5 +0100", "%Y-%m-%d %H:%M:%S.%f %z")).toBe(
      Date.UTC(2024, 2, 1, 9, 0, 0, 500) / 1000,
    );
  });

  it("gives NaN for text that does not follow the format", () => {
    expect(formatted("2013-11-12 00:00:05", "%d/%m/%Y %H:%M:%S")).toBeNaN();
    expect(formatted("12/11/2013 00:00:05 extra", "%d/%m/%Y %H:%M:%S")).toBeNaN();
    expect(formatted("31/02/2013 00:00:05", "%d/%m/%Y %H:%M:%S")).toBeNaN();
  });

  it("names a directive it does not support", () => {
    expect(compileTimeFormat("%d/%m/%Y %Q")).toBe("%Q");
  });
});
