/**
 * Builders of AIS sentences for tests: a field writer and the armouring, so constructed cases
 * (a position at 91/181, a vessel that jumps back in time) are real sentences with valid
 * checksums, decoded by the same code as received ones.
 */

/** Six-bit armouring of a bit string ("0101..."), padded to whole characters. */
export function armour(bits: string): { payload: string; fillBits: number } {
  const fillBits = (6 - (bits.length % 6)) % 6;
  const padded = bits + "0".repeat(fillBits);
  let payload = "";
  for (let i = 0; i < padded.length; i += 6) {
    const value = Number.parseInt(padded.slice(i, i + 6), 2);
    payload += String.fromCharCode(value < 40 ? value + 48 : value + 56);
  }
  return { payload, fillBits };
}

/** `value` as a `width`-bit two's-complement field. */
export function field(value: number, width: number): string {
  const wrapped = value < 0 ? 2 ** width + value : value;
  return Math.round(wrapped).toString(2).padStart(width, "0").slice(-width);
}

/** Six-bit text of exactly `chars` characters, '@'-padded. */
export function textField(text: string, chars: number): string {
  const alphabet = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";
  return text
    .padEnd(chars, "@")
    .slice(0, chars)
    .split("")
    .map((c) => field(Math.max(0, alphabet.indexOf(c)), 6))
    .join("");
}

export interface PositionFields {
  readonly mmsi: number;
  readonly lat: number;
  readonly lon: number;
  readonly sog?: number;
  readonly cog?: number;
  readonly heading?: number;
  readonly second?: number;
}

/** A type 1 position report payload. */
export function positionReportBits(p: PositionFields): string {
  return [
    field(1, 6),
    field(0, 2),
    field(p.mmsi, 30),
    field(0, 4),
    field(-128, 8),
    field(Math.round((p.sog ?? 10) * 10), 10),
    field(0, 1),
    field(Math.round(p.lon * 600000), 28),
    field(Math.round(p.lat * 600000), 27),
    field(Math.round((p.cog ?? 90) * 10), 12),
    field(p.heading ?? 511, 9),
    field(p.second ?? 0, 6),
    field(0, 2),
    field(0, 3),
    field(0, 1),
    field(0, 19),
  ].join("");
}

export interface StaticFields {
  readonly mmsi: number;
  readonly imo: number;
  readonly callsign: string;
  readonly name: string;
  readonly shipType: number;
  readonly draught: number;
}

/** A type 5 static and voyage data payload (424 bits: two sentences). */
export function staticVoyageBits(s: StaticFields): string {
  return [
    field(5, 6),
    field(0, 2),
    field(s.mmsi, 30),
    field(0, 2),
    field(s.imo, 30),
    textField(s.callsign, 7),
    textField(s.name, 20),
    field(s.shipType, 8),
    field(100, 9),
    field(20, 9),
    field(10, 6),
    field(12, 6),
    field(1, 4),
    field(0, 4),
    field(0, 5),
    field(24, 5),
    field(60, 6),
    field(Math.round(s.draught * 10), 8),
    textField("NAMPO", 20),
    field(0, 1),
    field(0, 1),
  ].join("");
}

/** One `!AIVDM` sentence with its checksum, and an optional tag block with `c:` time. */
export function sentence(
  payload: string,
  fillBits: number,
  options: {
    total?: number;
    part?: number;
    sequence?: string;
    time?: number;
    station?: string;
  } = {},
): string {
  const body = `AIVDM,${options.total ?? 1},${options.part ?? 1},${options.sequence ?? ""},A,${payload},${fillBits}`;
  const vdm = `!${body}*${checksum(body)}`;
  if (options.time === undefined && options.station === undefined) return vdm;
  const tag = [
    `s:${options.station ?? "test"}`,
    ...(options.time === undefined ? [] : [`c:${options.time}`]),
  ].join(",");
  return `\\${tag}*${checksum(tag)}\\${vdm}`;
}

/** The sentences of a message, split into parts of at most 60 characters. */
export function sentences(bits: string, time?: number, sequence = "1"): string[] {
  const { payload, fillBits } = armour(bits);
  const parts: string[] = [];
  for (let i = 0; i < payload.length; i += 60) parts.push(payload.slice(i, i + 60));
  return parts.map((part, i) =>
    sentence(part, i === parts.length - 1 ? fillBits : 0, {
      total: parts.length,
      part: i + 1,
      ...(parts.length > 1 ? { sequence } : {}),
      // Receivers put the station on every part and the time on the first.
      ...(time === undefined ? {} : i > 0 ? { station: "test" } : { time }),
    }),
  );
}

export function checksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, "0");
}
