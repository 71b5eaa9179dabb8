import type { DecodedMessage } from "../ais/index.js";
import { NmeaDecoder, pushNmeaFile } from "../ais/index.js";
import { type PositionBatch, PositionBatchBuilder } from "./position-batch.js";
import {
  countReject,
  EARLIEST_TIME,
  latestTime,
  type RejectCounts,
  type RejectReason,
} from "./reject-reasons.js";
import { IdentityColumns } from "./staging.js";

/** A message heard twice (two stations, a satellite and a shore) within this many seconds. */
const DUPLICATE_WINDOW_SECONDS = 60;

export interface NmeaRead {
  readonly lines: number;
  readonly messages: number;
  readonly rejected: RejectCounts;
  /** Positions of types 1–3, 18, 19 and 27 with their receive time and line. */
  readonly positions: PositionBatch;
  /** Identity reports of types 5, 19 and 24. */
  readonly reports: IdentityColumns;
}

/**
 * Decodes an NMEA log: its positions and identity reports, and the sentences and positions
 * refused, counted by reason. Nothing is stored here.
 */
export async function readNmea(path: string, onBytes: (bytes: number) => void): Promise<NmeaRead> {
  const positions = new PositionBatchBuilder();
  const identities = new IdentityColumns();
  const rejected: RejectCounts = {};
  const recent = new Map<string, number>();
  const latest = latestTime();
  let messages = 0;
  let lastTime = 0;
  const reject = (reason: RejectReason, line: number) => countReject(rejected, reason, line);
  const decoder = new NmeaDecoder((item) => {
    if (item.kind === "rejected") {
      reject(item.reason, item.line);
      return;
    }
    messages++;
    const id = item.message.id;
    const isPosition = id <= 3 || id === 18 || id === 19 || id === 27;
    const isStatic = id === 5 || id === 19 || id === 24;
    if (!isPosition && !isStatic) return;
    if (item.time === null) return reject("no_timestamp", item.line);
    if (item.time < EARLIEST_TIME || item.time > latest) return reject("bad_timestamp", item.line);
    if (isStatic) readIdentity(identities, item);
    if (isPosition) {
      const reason = readPosition(positions, item, recent);
      if (reason !== null) reject(reason, item.line);
      else lastTime = item.time;
    }
  });
  let line = 0;
  for await (const lines of pushNmeaFile(decoder, path, onBytes)) {
    line = lines;
    forgetOld(recent, lastTime);
  }
  decoder.finish();
  return { lines: line, messages, rejected, positions: positions.take(), reports: identities };
}

interface PositionFields {
  readonly mmsi: number;
  readonly lat: number;
  readonly lon: number;
  readonly sog: number;
  readonly cog: number;
  readonly true_heading?: number;
  readonly timestamp?: number;
}

function readPosition(
  p: PositionBatchBuilder,
  item: DecodedMessage,
  recent: Map<string, number>,
): RejectReason | null {
  const m = item.message as unknown as PositionFields & { id: number };
  const longRange = m.id === 27;
  if (m.lat === 91 || m.lon === 181) return "position_unavailable";
  if (Math.abs(m.lat) > 90 || Math.abs(m.lon) > 180) return "impossible_coordinates";
  const time = item.time as number;
  // The same transmission heard by several receivers: same content, within a minute.
  const key = `${m.id}|${m.mmsi}|${m.lat}|${m.lon}|${m.sog}|${m.cog}|${m.timestamp ?? ""}`;
  const seen = recent.get(key);
  recent.set(key, time);
  if (seen !== undefined && Math.abs(time - seen) <= DUPLICATE_WINDOW_SECONDS) return "duplicate";
  const heading = m.true_heading ?? 511;
  p.push(
    item.line,
    m.mmsi,
    time,
    m.lat,
    m.lon,
    // "Not available": 102.3 kn / 360° / 511 for class A and B, 63 kn / 511° for type 27.
    (longRange ? m.sog >= 63 : m.sog >= 102.3) ? Number.NaN : m.sog,
    m.cog >= 360 ? Number.NaN : m.cog,
    heading >= 360 ? Number.NaN : heading,
    0,
  );
  return null;
}

interface StaticFields {
  readonly id: number;
  readonly mmsi: number;
  readonly part_num?: number;
  readonly imo_num?: number;
  readonly name?: string;
  readonly callsign?: string;
  readonly ship_type?: number;
  readonly dim_a?: number;
  readonly dim_b?: number;
  readonly dim_c?: number;
  readonly dim_d?: number;
  readonly draught?: number;
}

function readIdentity(r: IdentityColumns, item: DecodedMessage): void {
  const m = item.message as unknown as StaticFields;
  const text = (value: string | undefined) => (value === undefined || value === "" ? null : value);
  const positive = (value: number | undefined) =>
    value === undefined || value <= 0 ? null : value;
  const sum = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || a + b <= 0 ? null : a + b;
  r.mmsi.push(m.mmsi);
  r.time.push(item.time as number);
  r.imo.push(m.imo_num === undefined || m.imo_num <= 0 ? null : String(m.imo_num));
  r.name.push(text(m.name));
  r.callsign.push(text(m.callsign));
  r.shipType.push(positive(m.ship_type));
  // Auxiliary craft send their mother ship's MMSI where dimensions would be.
  const hasDimensions = !(m.id === 24 && m.part_num === 0) && !("mothership_mmsi" in m);
  r.length.push(hasDimensions ? sum(m.dim_a, m.dim_b) : null);
  r.width.push(hasDimensions ? sum(m.dim_c, m.dim_d) : null);
  r.draught.push(positive(m.draught));
}

function forgetOld(recent: Map<string, number>, now: number): void {
  for (const [key, time] of recent)
    if (Math.abs(now - time) > DUPLICATE_WINDOW_SECONDS) recent.delete(key);
}
