/**
 * Values read straight from the bytes of a CSV field: numbers, ISO 8601 and epoch times, and
 * times by a strptime format. The CSV reader calls these tens of millions of times, so they
 * work on byte ranges and make no string for the common case.
 */

import { hourStart, latin1 } from "../bytes.js";

/** 10^k for k in 0..22, all exact doubles: a decimal of k places is its digits ÷ POWERS_OF_TEN[k]. */
export const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$|^[+-]?(nan|inf|infinity)$/i;

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

/** The first position of [start, end) that is no blank (space, tab, CR, UTF-8 no-break space). */
export function trimStart(bytes: Uint8Array, start: number, end: number): number {
  for (;;) {
    if (start < end && isBlank(bytes[start] as number)) start++;
    else if (start + 1 < end && bytes[start] === 0xc2 && bytes[start + 1] === 0xa0) start += 2;
    else return start;
  }
}

/** The end of [start, end) without the blanks it ends with. */
export function trimEnd(bytes: Uint8Array, start: number, end: number): number {
  for (;;) {
    if (end > start && isBlank(bytes[end - 1] as number)) end--;
    else if (end - 1 > start && bytes[end - 1] === 0xa0 && bytes[end - 2] === 0xc2) end -= 2;
    else return end;
  }
}

/**
 * The number in bytes [start, end), blanks around it ignored; NaN when the field is empty or
 * not a number. Plain decimals of up to 15 digits are read as integer ÷ 10^k, which IEEE
 * division rounds correctly, so the result equals Number() of the text (and DuckDB's cast).
 */
export function numberAt(bytes: Uint8Array, from: number, to: number): number {
  const start = trimStart(bytes, from, to);
  const end = trimEnd(bytes, start, to);
  if (start === end) return Number.NaN;
  let at = start;
  const sign = bytes[at];
  const negative = sign === 45;
  if (negative || sign === 43) at++;
  let value = 0;
  let digits = 0;
  let decimals = -1;
  for (; at < end; at++) {
    const code = bytes[at] as number;
    if (code === 46 && decimals < 0) {
      decimals = 0;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9) return slowNumber(bytes, start, end);
    value = value * 10 + digit;
    digits++;
    if (decimals >= 0) decimals++;
  }
  if (digits === 0 || digits > 15) return slowNumber(bytes, start, end);
  if (decimals > 0) value /= POWERS_OF_TEN[decimals] as number;
  return negative ? -value : value;
}

function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  const text = latin1(bytes, start, end);
  return NUMBER_TEXT.test(text) ? Number(text.replace(/^([+-]?)inf$/i, "$1Infinity")) : Number.NaN;
}

/** Whether bytes [start, end) contain `code`. */
export function hasByte(bytes: Uint8Array, start: number, end: number, code: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] === code) return true;
  return false;
}

/**
 * Epoch seconds of an AIS time field with no format given: ISO 8601 when it has a dash
 * (`2024-03-01T00:00:21`, a space for the T, fractions, `Z` or an offset; no offset is UTC),
 * else epoch seconds, or milliseconds above 1e11. NaN when it is neither.
 */
export function defaultTimeAt(bytes: Uint8Array, from: number, to: number): number {
  const start = trimStart(bytes, from, to);
  const end = trimEnd(bytes, start, to);
  if (start === end) return Number.NaN;
  if (hasByte(bytes, start, end, 45) && bytes[start] !== 45) return isoTimeAt(bytes, start, end);
  const value = numberAt(bytes, start, end);
  if (!Number.isFinite(value) || value < 0) return Number.NaN;
  if (hasByte(bytes, start, end, 101) || hasByte(bytes, start, end, 69)) return Number.NaN;
  return value > 1e11 ? value / 1000 : value;
}

/** Reads `count` digits at `at`; -1 when any is not a digit. */
function digitsAt(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = (bytes[i] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Epoch seconds of a time written exactly `YYYY-MM-DDTHH:MM:SS` (or a space for the T) in the
 * 19 bytes at `at`, as defaultTimeAt reads it; NaN when the bytes have another shape (then
 * defaultTimeAt decides) or name no calendar time. Most AIS CSVs write every time so.
 */
export function plainIsoTimeAt(bytes: Uint8Array, at: number): number {
  const t = bytes[at + 10];
  if (at + 19 > bytes.length || bytes[at + 4] !== 45 || bytes[at + 7] !== 45) return Number.NaN;
  if (bytes[at + 13] !== 58 || bytes[at + 16] !== 58 || (t !== 84 && t !== 32)) return Number.NaN;
  const year = digitsAt(bytes, at, 4);
  const month = twoDigitsAt(bytes, at + 5);
  const day = twoDigitsAt(bytes, at + 8);
  const hour = twoDigitsAt(bytes, at + 11);
  const minute = twoDigitsAt(bytes, at + 14);
  const second = twoDigitsAt(bytes, at + 17);
  if ((year | month | day | hour | minute | second) < 0) return Number.NaN;
  return utcSeconds(year, month, day, hour, minute, second);
}

/**
 * Reads plain ISO times (plainIsoTimeAt) one after another, remembering the date and hour of
 * the last: rows that come in time order mostly share them, so that only their minutes and
 * seconds are read. Gives the same times as plainIsoTimeAt.
 */
export class PlainIsoTimes {
  /** The time `read` read; NaN when there was none. */
  time = Number.NaN;
  /** The last time's first 13 bytes (`YYYY-MM-DDTHH`): three words and a byte (-1: none yet). */
  private readonly hour = new Int32Array([0, 0, 0, -1]);
  /** The epoch seconds its hour began. */
  private hourSeconds = 0;

  /** Reads the time at `at` (`words` views the same bytes) into `time`: whether there is one. */
  read(bytes: Uint8Array, words: DataView, at: number): boolean {
    const hour = this.hour;
    if (at + 19 > bytes.length) {
      this.time = Number.NaN;
      return false;
    }
    const minute = twoDigitsAt(bytes, at + 14);
    const second = twoDigitsAt(bytes, at + 17);
    if (
      words.getInt32(at, true) === hour[0] &&
      words.getInt32(at + 4, true) === hour[1] &&
      words.getInt32(at + 8, true) === hour[2] &&
      bytes[at + 12] === hour[3] &&
      bytes[at + 13] === 58 &&
      bytes[at + 16] === 58 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second < 61
    ) {
      // The checks utcSeconds makes of minutes and seconds; the rest were made for the hour.
      this.time = this.hourSeconds + minute * 60 + second;
      return true;
    }
    const time = plainIsoTimeAt(bytes, at);
    this.time = time;
    if (Number.isNaN(time)) return false;
    hour[0] = words.getInt32(at, true);
    hour[1] = words.getInt32(at + 4, true);
    hour[2] = words.getInt32(at + 8, true);
    hour[3] = bytes[at + 12] as number;
    this.hourSeconds = time - (minute * 60 + second);
    return true;
  }
}

/** The two digits at `at` as a number (in bounds); negative when either is no digit. */
function twoDigitsAt(bytes: Uint8Array, at: number): number {
  const tens = (bytes[at] as number) - 48;
  const ones = (bytes[at + 1] as number) - 48;
  // Negative exactly when a digit is below 0 or above 9.
  return (tens | ones | (9 - tens) | (9 - ones)) < 0 ? -1 : tens * 10 + ones;
}

/** ISO 8601 date and time in [start, end) as epoch seconds; NaN when it is not one. */
function isoTimeAt(bytes: Uint8Array, start: number, end: number): number {
  const year = digitsAt(bytes, start, 4);
  const month = digitsAt(bytes, start + 5, 2);
  const day = digitsAt(bytes, start + 8, 2);
  if (year < 0 || month < 0 || day < 0 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45)
    return Number.NaN;
  let at = start + 10;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (at < end && (bytes[at] === 84 || bytes[at] === 32)) {
    hour = digitsAt(bytes, at + 1, 2);
    minute = digitsAt(bytes, at + 4, 2);
    if (hour < 0 || minute < 0 || bytes[at + 3] !== 58) return Number.NaN;
    at += 6;
    if (at < end && bytes[at] === 58) {
      second = digitsAt(bytes, at + 1, 2);
      if (second < 0) return Number.NaN;
      at += 3;
      if (at < end && bytes[at] === 46) {
        const from = at;
        at++;
        while (at < end && (bytes[at] as number) >= 48 && (bytes[at] as number) <= 57) at++;
        second += numberAt(bytes, from, at) || 0;
      }
    }
  }
  const offset = zoneOffsetAt(bytes, at, end);
  if (Number.isNaN(offset)) return Number.NaN;
  return utcSeconds(year, month, day, hour, minute, second) - offset;
}

/** Seconds east of UTC of a zone suffix (`Z`, `+09`, `+09:00`, `-0500`, none); NaN otherwise. */
function zoneOffsetAt(bytes: Uint8Array, at: number, end: number): number {
  if (at === end) return 0;
  const code = bytes[at];
  if (code === 90 && at + 1 === end) return 0;
  if (code !== 43 && code !== 45) return Number.NaN;
  const sign = code === 45 ? -1 : 1;
  const length = end - at - 1;
  const hours = digitsAt(bytes, at + 1, 2);
  let minutes = 0;
  if (length === 5 && bytes[at + 3] === 58) minutes = digitsAt(bytes, at + 4, 2);
  else if (length === 4) minutes = digitsAt(bytes, at + 3, 2);
  else if (length !== 2) return Number.NaN;
  if (hours < 0 || minutes < 0) return Number.NaN;
  return sign * (hours * 3600 + minutes * 60);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch seconds of a calendar time in UTC; NaN for a date or time that does not exist. */
function utcSeconds(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] as number))
    return Number.NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
    return Number.NaN;
  if (hour > 23 || minute > 59 || second >= 61) return Number.NaN;
  return hourStart(year, month, day, hour) + minute * 60 + second;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** One step of a compiled strptime format: a directive or a literal byte. */
export type FormatStep = { readonly directive: string } | { readonly literal: number };

/** The directives `timeFormat` may use (a subset of strptime's). */
export const TIME_FORMAT_DIRECTIVES = "%Y %y %m %d %e %H %I %M %S %f %p %b %B %z %%";

/** Compiles a strptime format; the error names the first directive it does not know. */
export function compileTimeFormat(format: string): readonly FormatStep[] | string {
  const steps: FormatStep[] = [];
  for (let i = 0; i < format.length; i++) {
    const char = format[i] as string;
    if (char !== "%") {
      steps.push({ literal: format.charCodeAt(i) });
      continue;
    }
    const directive = format[++i] ?? "";
    if (directive === "%") steps.push({ literal: 37 });
    else if ("YymdeHIMSfpbBz".includes(directive) && directive !== "") steps.push({ directive });
    else return `%${directive}`;
  }
  return steps;
}

/** Reads 1 to `most` digits at `at`: [value, next position]; value -1 when there is none. */
function someDigits(bytes: Uint8Array, at: number, end: number, most: number): [number, number] {
  let value = 0;
  let count = 0;
  while (at < end && count < most) {
    const digit = (bytes[at] as number) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    at++;
    count++;
  }
  return count === 0 ? [-1, at] : [value, at];
}

/** Epoch seconds of [start, end) read by a compiled format (as DuckDB's strptime); NaN if not. */
export function formattedTimeAt(
  bytes: Uint8Array,
  start: number,
  end: number,
  steps: readonly FormatStep[],
): number {
  start = trimStart(bytes, start, end);
  end = trimEnd(bytes, start, end);
  let year = 1900;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let pm: boolean | null = null;
  let offset = 0;
  let at = start;
  for (const step of steps) {
    if ("literal" in step) {
      if (bytes[at] !== step.literal) return Number.NaN;
      at++;
      continue;
    }
    let value: number;
    switch (step.directive) {
      case "Y":
        [value, at] = someDigits(bytes, at, end, 4);
        year = value;
        break;
      case "y":
        [value, at] = someDigits(bytes, at, end, 2);
        year = value < 0 ? value : value + (value < 69 ? 2000 : 1900);
        break;
      case "m":
        [value, at] = someDigits(bytes, at, end, 2);
        month = value;
        break;
      case "d":
      case "e":
        while (step.directive === "e" && bytes[at] === 32) at++;
        [value, at] = someDigits(bytes, at, end, 2);
        day = value;
        break;
      case "H":
      case "I":
        [value, at] = someDigits(bytes, at, end, 2);
        hour = value;
        break;
      case "M":
        [value, at] = someDigits(bytes, at, end, 2);
        minute = value;
        break;
      case "S":
        [value, at] = someDigits(bytes, at, end, 2);
        second = value;
        break;
      case "f": {
        const from = at;
        [value, at] = someDigits(bytes, at, end, 9);
        if (value >= 0) second += value / 10 ** (at - from);
        break;
      }
      case "p": {
        const text = latin1(bytes, at, at + 2).toUpperCase();
        value = text === "AM" || text === "PM" ? 0 : -1;
        pm = text === "PM";
        at += 2;
        break;
      }
      case "b":
      case "B": {
        const text = latin1(bytes, at, at + 3).toLowerCase();
        value = MONTHS.indexOf(text);
        month = value + 1;
        at += 3;
        if (step.directive === "B")
          while (at < end && (bytes[at] as number) >= 97 && (bytes[at] as number) <= 122) at++;
        break;
      }
      default: {
        let zoneEnd = at + 1;
        while (zoneEnd < end && bytes[zoneEnd] !== 32) zoneEnd++;
        offset = zoneOffsetAt(bytes, at, zoneEnd);
        value = Number.isNaN(offset) ? -1 : 0;
        at = zoneEnd;
      }
    }
    if (value < 0) return Number.NaN;
  }
  if (at !== end) return Number.NaN;
  if (pm !== null) {
    if (hour < 1 || hour > 12) return Number.NaN;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return utcSeconds(year, month, day, hour, minute, second) - offset;
}

/** The number a text says (as numberAt, for texts already cut out); NaN when none. */
export function numberOfText(text: string): number {
  const bytes = Buffer.from(text, "latin1");
  return numberAt(bytes, 0, bytes.length);
}
