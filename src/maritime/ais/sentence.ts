/**
 * One line of an AIS log, taken apart: IEC 61162-450 tag blocks (`\s:..,c:..*hh\`), the
 * `!xxVDM`/`!xxVDO` sentence with its checksum, and what receivers append after the checksum
 * (`,1541030311` epoch seconds, `,b003669794` station ids). Gatehouse `$PGHP` headers carry
 * the time of the sentence that follows them.
 */

/** What a tag block says: source station, receive time (epoch seconds), sentence group. */
export interface TagBlock {
  readonly station: string | null;
  readonly time: number | null;
  /** `g:1-2-1604`: sentence 1 of 2 of group 1604. */
  readonly group: { readonly part: number; readonly total: number; readonly id: string } | null;
}

/** A VDM/VDO sentence with the line's tag block and trailing receiver fields. */
export interface VdmSentence {
  readonly talker: string;
  readonly total: number;
  readonly part: number;
  readonly sequence: string;
  readonly channel: string;
  readonly payload: string;
  readonly fillBits: number;
  readonly tag: TagBlock | null;
  /** Epoch seconds appended after the checksum, if any. */
  readonly trailingTime: number | null;
  readonly trailingStation: string | null;
}

export type ParsedLine =
  | { readonly kind: "vdm"; readonly sentence: VdmSentence }
  /** A tag block alone on its line: it applies to the sentence on the next line. */
  | { readonly kind: "tag"; readonly tag: TagBlock }
  | { readonly kind: "header"; readonly time: number }
  | { readonly kind: "other" }
  | { readonly kind: "bad_checksum" }
  | { readonly kind: "malformed_sentence" };

const OTHER: ParsedLine = { kind: "other" };
const BAD_CHECKSUM: ParsedLine = { kind: "bad_checksum" };
const MALFORMED: ParsedLine = { kind: "malformed_sentence" };

/** Parses one line (without its line ending). */
export function parseLine(line: string): ParsedLine {
  let tag: TagBlock | null = null;
  let start = 0;
  if (line.charCodeAt(0) === 92 /* \ */) {
    const end = line.indexOf("\\", 1);
    if (end === -1) return MALFORMED;
    tag = cachedTagBlock(line, end);
    if (tag === null) return BAD_CHECKSUM;
    start = end + 1;
    if (start >= line.length) return { kind: "tag", tag };
  }
  const first = line.charCodeAt(start);
  if (first === 33 /* ! */) return parseVdm(line, start, tag);
  if (first === 36 /* $ */ && line.startsWith("PGHP,", start + 1))
    return parseGatehouse(line, start);
  return OTHER;
}

/** XOR of the characters in [from, to), as NMEA checksums are. */
function checksum(text: string, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum ^= text.charCodeAt(i);
  return sum;
}

/** The two hex digits at `at` as a number; -1 when they are not hex digits. */
function hexAt(text: string, at: number): number {
  const high = hexDigit(text.charCodeAt(at));
  const low = hexDigit(text.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

// Receivers repeat the same tag block line after line (DMA's `\si:AISD*3F\` before every
// sentence): the last one parsed is kept and reused when the text is the same.
let lastTagText = "";
let lastTag: TagBlock | null = null;

function cachedTagBlock(line: string, end: number): TagBlock | null {
  const text = line.slice(0, end);
  if (text !== lastTagText) {
    lastTag = parseTagBlock(line, 1, end);
    lastTagText = text;
  }
  return lastTag;
}

function parseTagBlock(line: string, from: number, to: number): TagBlock | null {
  const star = line.lastIndexOf("*", to);
  let bodyEnd = to;
  if (star > from) {
    if (checksum(line, from, star) !== hexAt(line, star + 1)) return null;
    bodyEnd = star;
  }
  let station: string | null = null;
  let time: number | null = null;
  let group: TagBlock["group"] = null;
  for (const field of line.slice(from, bodyEnd).split(",")) {
    const colon = field.indexOf(":");
    const key = field.slice(0, colon);
    const value = field.slice(colon + 1);
    if (key === "s" || key === "si") station = value;
    else if (key === "c") time = toEpochSeconds(Number(value));
    else if (key === "g") {
      const [part, total, id] = value.split("-");
      if (part !== undefined && total !== undefined && id !== undefined)
        group = { part: Number(part), total: Number(total), id };
    }
  }
  return { station, time, group };
}

/** Tag-block and trailing times are seconds, or milliseconds from some receivers. */
function toEpochSeconds(value: number): number | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  return value > 1e11 ? value / 1000 : value;
}

function parseVdm(line: string, start: number, tag: TagBlock | null): ParsedLine {
  const star = line.indexOf("*", start);
  if (star === -1 || line.length < star + 3) return MALFORMED;
  const type = line.slice(start + 3, start + 6);
  if (type !== "VDM" && type !== "VDO") return OTHER;
  if (checksum(line, start + 1, star) !== hexAt(line, star + 1)) return BAD_CHECKSUM;
  // The six commas of `!AIVDM,total,part,sequence,channel,payload,fill`, found by scanning:
  // String.split costs more than the rest of the line's parsing together.
  const commas = [0, 0, 0, 0, 0, 0];
  let at = start;
  for (let i = 0; i < 6; i++) {
    at = line.indexOf(",", at + 1);
    if (at === -1 || at > star) return MALFORMED;
    commas[i] = at;
  }
  const [c1, c2, c3, c4, c5, c6] = commas as [number, number, number, number, number, number];
  if (line.indexOf(",", c6 + 1) !== -1 && line.indexOf(",", c6 + 1) < star) return MALFORMED;
  const total = smallIntAt(line, c1 + 1, c2);
  const part = smallIntAt(line, c2 + 1, c3);
  const fillBits = smallIntAt(line, c6 + 1, star);
  if (total < 1 || part < 1 || part > total || fillBits < 0 || fillBits > 5) return MALFORMED;
  let trailingTime: number | null = null;
  let trailingStation: string | null = null;
  if (line.length > star + 3) {
    for (const extra of line.slice(star + 3).split(",")) {
      if (extra === "") continue;
      if (/^\d+(\.\d+)?$/.test(extra)) trailingTime ??= toEpochSeconds(Number(extra));
      else trailingStation ??= extra;
    }
  }
  return {
    kind: "vdm",
    sentence: {
      talker: line.slice(start + 1, start + 3),
      total,
      part,
      sequence: line.slice(c3 + 1, c4),
      channel: line.slice(c4 + 1, c5),
      payload: line.slice(c5 + 1, c6),
      fillBits,
      tag,
      trailingTime,
      trailingStation,
    },
  };
}

/** A one- or two-digit number in [from, to); -1 otherwise. */
function smallIntAt(text: string, from: number, to: number): number {
  const length = to - from;
  if (length < 1 || length > 2) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** `$PGHP,1,yyyy,mm,dd,hh,mm,ss,ms,country,region,pss,online,cs*hh`. */
function parseGatehouse(line: string, start: number): ParsedLine {
  const star = line.indexOf("*", start);
  if (star === -1) return MALFORMED;
  if (checksum(line, start + 1, star) !== hexAt(line, star + 1)) return BAD_CHECKSUM;
  if (!line.startsWith("PGHP,1,", start + 1)) return OTHER;
  // Seven numbers after "$PGHP,1,": year, month, day, hour, minute, second, millisecond.
  const values = [0, 0, 0, 0, 0, 0, 0];
  let at = start + 8;
  for (let i = 0; i < 7; i++) {
    let value = 0;
    let digits = 0;
    for (; at < star; at++) {
      const digit = line.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      digits++;
    }
    if (digits === 0 || (i < 6 && line.charCodeAt(at) !== 44)) return MALFORMED;
    values[i] = value;
    at++;
  }
  const [year, month, day, hour, minute, second, ms] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return MALFORMED;
  // Headers come once a sentence, all in the same hour: the hour's start is computed once.
  const hourKey = ((year * 16 + month) * 32 + day) * 32 + hour;
  if (hourKey !== lastHourKey) {
    lastHourKey = hourKey;
    lastHourStart = Date.UTC(year, month - 1, day, hour) / 1000;
  }
  return { kind: "header", time: lastHourStart + minute * 60 + second + ms / 1000 };
}

let lastHourKey = -1;
let lastHourStart = 0;
