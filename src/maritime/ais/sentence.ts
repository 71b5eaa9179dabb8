/**
 * One line of an AIS log, taken apart: IEC 61162-450 tag blocks (`\s:..,c:..*hh\`), the
 * `!xxVDM`/`!xxVDO` sentence with its checksum, and what receivers append after the checksum
 * (`,1541030311` epoch seconds, `,b003669794` station ids). Gatehouse `$PGHP` headers carry
 * the time of the sentence that follows them.
 *
 * Lines are read as bytes (Latin-1), straight from the file's read buffer: a string a line and
 * an object a field were most of the decoding time, in the parsing and in the collector.
 */

import { hourStart, latin1 } from "../bytes.js";

/** What a tag block says: source station, receive time (epoch seconds), sentence group. */
export interface TagBlock {
  readonly station: string | null;
  readonly time: number | null;
  /** `g:1-2-1604`: sentence 1 of 2 of group 1604. */
  readonly group: { readonly part: number; readonly total: number; readonly id: string } | null;
}

/**
 * What a line is: a sentence, a tag block alone on its line (it applies to the sentence on the
 * next line), a `$PGHP` header, anything else, or a refused line.
 */
export type LineKind = "vdm" | "tag" | "header" | "other" | "bad_checksum" | "malformed_sentence";

/**
 * Takes lines apart. One scanner serves line after line: `scan` says what the line is and
 * leaves its fields in the scanner's own (a sentence's in `talker` … `trailingStation`, a
 * header's in `time`, a tag block's in `tag`), valid until the next `scan`. Payload and
 * sequence id stay byte ranges: a single-part message is decoded from the bytes.
 */
export class LineScanner {
  /** The line's own tag block (or the tag block that is the whole line). */
  tag: TagBlock | null = null;
  talker = "";
  total = 0;
  part = 0;
  sequenceStart = 0;
  sequenceEnd = 0;
  channel = "";
  payloadStart = 0;
  payloadEnd = 0;
  fillBits = 0;
  trailingTime: number | null = null;
  trailingStation: string | null = null;
  /** A `$PGHP` header's time, epoch seconds. */
  time = 0;

  private readonly commas = new Int32Array(6);
  // Receivers repeat the same tag block line after line (DMA's `\si:AISD*3F\` before every
  // sentence): the last one parsed is kept and reused while its bytes are the same.
  private lastTagBytes = new Uint8Array(64);
  private lastTagLength = -1;
  private lastTag: TagBlock | null = null;
  // Headers come once a sentence, all in the same hour: the hour's start is computed once.
  // Talkers and channels are a handful of values: their strings are made once each.
  private readonly talkers = new Map<number, string>();
  private readonly channels: string[] = [];

  /** Takes apart the line in bytes [start, end) (without its line ending). */
  scan(bytes: Uint8Array, start: number, end: number): LineKind {
    this.tag = null;
    let at = start;
    if (bytes[start] === 92 /* \ */) {
      const close = indexOfByte(bytes, 92, start + 1, end);
      if (close === -1) return "malformed_sentence";
      this.tag = this.cachedTagBlock(bytes, start, close);
      if (this.tag === null) return "bad_checksum";
      at = close + 1;
      if (at >= end) return "tag";
    }
    const first = bytes[at];
    if (first === 33 /* ! */) return this.scanVdm(bytes, at, end);
    if (first === 36 /* $ */ && isPghp(bytes, at + 1, end))
      return this.scanGatehouse(bytes, at, end);
    return "other";
  }

  /** The sequence id of the sentence last scanned. */
  sequence(bytes: Uint8Array): string {
    return latin1(bytes, this.sequenceStart, this.sequenceEnd);
  }

  /** The payload of the sentence last scanned. */
  payload(bytes: Uint8Array): string {
    return latin1(bytes, this.payloadStart, this.payloadEnd);
  }

  private cachedTagBlock(bytes: Uint8Array, start: number, close: number): TagBlock | null {
    const length = close - start;
    if (
      length !== this.lastTagLength ||
      !startsWithBytes(bytes, start, this.lastTagBytes, length)
    ) {
      this.lastTag = parseTagBlock(latin1(bytes, start, close));
      if (this.lastTagBytes.length < length) this.lastTagBytes = new Uint8Array(length * 2);
      this.lastTagBytes.set(bytes.subarray(start, close));
      this.lastTagLength = length;
    }
    return this.lastTag;
  }

  private scanVdm(bytes: Uint8Array, start: number, end: number): LineKind {
    // One pass to the first '*': the checksum and the commas of
    // `!AIVDM,total,part,sequence,channel,payload,fill`.
    const commas = this.commas;
    let count = 0;
    let sum = 0;
    let star = start + 1;
    for (; star < end; star++) {
      const code = bytes[star] as number;
      if (code === 42 /* * */) break;
      if (code === 44 /* , */ && count++ < 6) commas[count - 1] = star;
      sum ^= code;
    }
    if (star >= end || end < star + 3) return "malformed_sentence";
    if (!isVdmOrVdo(bytes, start + 3, end)) return "other";
    if (sum !== hexAt(bytes, star + 1, end)) return "bad_checksum";
    if (count !== 6) return "malformed_sentence";
    const c1 = commas[0] as number;
    const c2 = commas[1] as number;
    const c3 = commas[2] as number;
    const c4 = commas[3] as number;
    const c5 = commas[4] as number;
    const c6 = commas[5] as number;
    const total = smallIntAt(bytes, c1 + 1, c2);
    const part = smallIntAt(bytes, c2 + 1, c3);
    const fillBits = smallIntAt(bytes, c6 + 1, star);
    if (total < 1 || part < 1 || part > total || fillBits < 0 || fillBits > 5)
      return "malformed_sentence";
    this.talker = this.talkerAt(bytes, start + 1);
    this.total = total;
    this.part = part;
    this.sequenceStart = c3 + 1;
    this.sequenceEnd = c4;
    this.channel = this.channelAt(bytes, c4 + 1, c5);
    this.payloadStart = c5 + 1;
    this.payloadEnd = c6;
    this.fillBits = fillBits;
    this.trailingTime = null;
    this.trailingStation = null;
    if (end > star + 3) this.scanTrailing(latin1(bytes, star + 3, end));
    return "vdm";
  }

  private scanTrailing(text: string): void {
    for (const extra of text.split(",")) {
      if (extra === "") continue;
      if (/^\d+(\.\d+)?$/.test(extra)) this.trailingTime ??= toEpochSeconds(Number(extra));
      else this.trailingStation ??= extra;
    }
  }

  private talkerAt(bytes: Uint8Array, at: number): string {
    const key = (bytes[at] as number) * 256 + (bytes[at + 1] as number);
    let talker = this.talkers.get(key);
    if (talker === undefined) {
      talker = latin1(bytes, at, at + 2);
      this.talkers.set(key, talker);
    }
    return talker;
  }

  private channelAt(bytes: Uint8Array, from: number, to: number): string {
    if (to === from) return "";
    if (to - from > 1) return latin1(bytes, from, to);
    const code = bytes[from] as number;
    let channel = this.channels[code];
    if (channel === undefined) {
      channel = latin1(bytes, from, to);
      this.channels[code] = channel;
    }
    return channel;
  }

  /** `$PGHP,1,yyyy,mm,dd,hh,mm,ss,ms,country,region,pss,online,cs*hh`. */
  private scanGatehouse(bytes: Uint8Array, start: number, end: number): LineKind {
    let sum = 0;
    let star = start + 1;
    for (; star < end; star++) {
      const code = bytes[star] as number;
      if (code === 42 /* * */) break;
      sum ^= code;
    }
    if (star >= end) return "malformed_sentence";
    if (sum !== hexAt(bytes, star + 1, end)) return "bad_checksum";
    if (start + 7 >= end || bytes[start + 6] !== 49 /* 1 */ || bytes[start + 7] !== 44 /* , */)
      return "other";
    // Seven numbers after "$PGHP,1,": year, month, day, hour, minute, second, millisecond.
    // A small local array, not a cursor field: V8 keeps the array off the heap, and a
    // module-level cursor cost a tenth of the header's time.
    const values = [0, 0, 0, 0, 0, 0, 0];
    let at = start + 8;
    for (let i = 0; i < 7; i++) {
      let value = 0;
      const from = at;
      for (; at < star; at++) {
        const digit = (bytes[at] as number) - 48;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
      }
      if (at === from || (i < 6 && bytes[at] !== 44) /* , */) return "malformed_sentence";
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
      return "malformed_sentence";
    this.time = hourStart(year, month, day, hour) + minute * 60 + second + ms / 1000;
    return "header";
  }
}

function isPghp(bytes: Uint8Array, at: number, end: number): boolean {
  return (
    at + 5 <= end &&
    bytes[at] === 80 /* P */ &&
    bytes[at + 1] === 71 /* G */ &&
    bytes[at + 2] === 72 /* H */ &&
    bytes[at + 3] === 80 /* P */ &&
    bytes[at + 4] === 44 /* , */
  );
}

function isVdmOrVdo(bytes: Uint8Array, at: number, end: number): boolean {
  if (at + 3 > end || bytes[at] !== 86 /* V */ || bytes[at + 1] !== 68 /* D */) return false;
  const last = bytes[at + 2];
  return last === 77 /* M */ || last === 79 /* O */;
}

function indexOfByte(bytes: Uint8Array, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === code) return i;
  return -1;
}

function startsWithBytes(
  bytes: Uint8Array,
  at: number,
  prefix: Uint8Array,
  length: number,
): boolean {
  for (let i = 0; i < length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** The two hex digits at `at` (before `end`) as a number; -1 when they are not hex digits. */
function hexAt(bytes: Uint8Array, at: number, end: number): number {
  if (at + 2 > end) return -1;
  const high = hexDigit(bytes[at] as number);
  const low = hexDigit(bytes[at + 1] as number);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** A one- or two-digit number in [from, to); -1 otherwise. */
function smallIntAt(bytes: Uint8Array, from: number, to: number): number {
  const length = to - from;
  if (length < 1 || length > 2) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = (bytes[i] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** XOR of the characters in [from, to), as NMEA checksums are. */
function checksum(text: string, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum ^= text.charCodeAt(i);
  return sum;
}

/** A tag block `\…` (without its closing backslash); null when its checksum is wrong. */
function parseTagBlock(text: string): TagBlock | null {
  const star = text.lastIndexOf("*");
  let bodyEnd = text.length;
  if (star > 1) {
    const sum = checksum(text, 1, star);
    const high = hexDigit(text.charCodeAt(star + 1));
    const low = hexDigit(text.charCodeAt(star + 2));
    if (high < 0 || low < 0 || sum !== high * 16 + low) return null;
    bodyEnd = star;
  }
  let station: string | null = null;
  let time: number | null = null;
  let group: TagBlock["group"] = null;
  for (const field of text.slice(1, bodyEnd).split(",")) {
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
