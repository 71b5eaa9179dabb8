/**
 * The AIS payload armour (ITU-R M.1371 §8.2.4 / IEC 61162-1): each character carries six bits.
 * The payload is kept as one sextet a byte and fields are read straight from it, with no
 * intermediate bit string: this is the inner loop of decoding.
 */

const INVALID = 255;
const SEXTET = new Uint8Array(128).fill(INVALID);
for (let code = 48; code < 88; code++) SEXTET[code] = code - 48;
for (let code = 96; code < 120; code++) SEXTET[code] = code - 56;

/**
 * A payload as sextets (`count` of them; the array may be longer), with its length in bits
 * (after the fill bits are taken away).
 */
export interface Bits {
  readonly sextets: Uint8Array;
  readonly count: number;
  readonly length: number;
}

// One payload is decoded at a time and nothing keeps its bits after decodePayload returns:
// the sextets go to one buffer, reused, not to an array a message.
const scratch = { sextets: new Uint8Array(256), count: 0, length: 0 };

function scratchFor(count: number): Uint8Array {
  if (scratch.sextets.length < count) scratch.sextets = new Uint8Array(count * 2);
  return scratch.sextets;
}

function settle(count: number, fillBits: number): Bits {
  scratch.count = count;
  scratch.length = Math.max(0, count * 6 - fillBits);
  return scratch;
}

/**
 * Unarmours `payload`; null when a character lies outside the armouring alphabet. The bits
 * are valid until the next call of `toBits` or `bytesToBits`.
 */
export function toBits(payload: string, fillBits: number): Bits | null {
  const sextets = scratchFor(payload.length);
  for (let i = 0; i < payload.length; i++) {
    const code = payload.charCodeAt(i);
    const value = code < 128 ? (SEXTET[code] as number) : INVALID;
    if (value === INVALID) return null;
    sextets[i] = value;
  }
  return settle(payload.length, fillBits);
}

/** `toBits` of the payload in bytes [from, to). */
export function bytesToBits(
  bytes: Uint8Array,
  from: number,
  to: number,
  fillBits: number,
): Bits | null {
  const sextets = scratchFor(to - from);
  for (let i = from; i < to; i++) {
    const code = bytes[i] as number;
    const value = code < 128 ? (SEXTET[code] as number) : INVALID;
    if (value === INVALID) return null;
    sextets[i - from] = value;
  }
  return settle(to - from, fillBits);
}

/** The payload the bits were unarmoured from (the armour maps characters to sextets 1:1). */
export function toPayload(bits: Bits): string {
  let text = "";
  for (let i = 0; i < bits.count; i++) text += ARMOUR[bits.sextets[i] as number];
  return text;
}

const ARMOUR = Array.from({ length: 64 }, (_, value) =>
  String.fromCharCode(value < 40 ? value + 48 : value + 56),
);

/** An unsigned field of `width` bits (≤ 32) at bit `start`; bits past the end read as 0. */
export function readUint(bits: Bits, start: number, width: number): number {
  const first = (start / 6) | 0;
  const end = start + width;
  const last = ((end - 1) / 6) | 0;
  if (last >= bits.count) return readUintPastEnd(bits, start, width);
  const sextets = bits.sextets;
  let value = 0;
  if (last - first < 5) {
    // Up to five sextets, 30 bits: small-integer arithmetic.
    for (let i = first; i <= last; i++) value = (value << 6) | (sextets[i] as number);
    return (value >>> ((last + 1) * 6 - end)) & ((1 << width) - 1);
  }
  for (let i = first; i <= last; i++) value = value * 64 + (sextets[i] as number);
  return (
    Math.floor(value / (POWER_OF_TWO[(last + 1) * 6 - end] as number)) %
    (POWER_OF_TWO[width] as number)
  );
}

/** 2^n for n up to 42 (seven sextets). */
const POWER_OF_TWO = Array.from({ length: 43 }, (_, n) => 2 ** n);

/** `readUint` of a field that reaches past the last sextet, bit by sextet. */
function readUintPastEnd(bits: Bits, start: number, width: number): number {
  const sextets = bits.sextets;
  let index = (start / 6) | 0;
  let offset = start - index * 6;
  let remaining = width;
  let value = 0;
  while (remaining > 0) {
    const sextet = index < bits.count ? (sextets[index] as number) : 0;
    const available = 6 - offset;
    const take = Math.min(available, remaining);
    value = value * (1 << take) + ((sextet >> (available - take)) & ((1 << take) - 1));
    remaining -= take;
    offset = 0;
    index++;
  }
  return value;
}

/** A two's-complement signed field of `width` bits. */
export function readInt(bits: Bits, start: number, width: number): number {
  const value = readUint(bits, start, width);
  const half = HALF_RANGE[width] as number;
  return value >= half ? value - 2 * half : value;
}

/** 2^(width-1) for each width: `**` in the inner loop cost a tenth of the decoding time. */
const HALF_RANGE = Array.from({ length: 33 }, (_, width) => (width === 0 ? 0 : 2 ** (width - 1)));

/** One bit as a boolean. */
export function readBool(bits: Bits, start: number): boolean {
  return readUint(bits, start, 1) === 1;
}

const SIXBIT_ASCII = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/**
 * Text of `chars` six-bit characters; the '@' padding and trailing spaces are removed, as
 * every consumer wants the name and not the padding (libais keeps the '@').
 */
export function readText(bits: Bits, start: number, chars: number): string {
  let text = "";
  const available = Math.min(chars, Math.floor((bits.length - start) / 6));
  for (let i = 0; i < available; i++) text += SIXBIT_ASCII[readUint(bits, start + i * 6, 6)];
  const at = text.indexOf("@");
  return (at === -1 ? text : text.slice(0, at)).trimEnd();
}
