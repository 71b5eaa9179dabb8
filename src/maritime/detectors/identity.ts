import { distanceKm } from "../geo.js";
import type { VesselIdentity, VesselTrack } from "../track.js";
import { type MaritimeEvent, round } from "./event.js";
import { type Segment, segmentTrack } from "./segment.js";

export interface IdentityParams {
  /** Faster than this between two reports is not one ship (GFW's segmenter: about 50 knots). */
  readonly maxSpeedKnots: number;
  /** Jumps shorter than this are GPS noise over seconds, not a second ship (default 5 km). */
  readonly minJumpKm: number;
  /** A place needs this many reports to count as a ship's track, not a stray fix (default 3). */
  readonly minPositions: number;
}

export const IDENTITY_DEFAULTS: IdentityParams = {
  maxSpeedKnots: 50,
  minJumpKm: 5,
  minPositions: 3,
};

/** The flag (ISO alpha-2) of an MMSI's Maritime Identification Digits, or null for an unknown MID. */
export type FlagOf = (mmsi: number) => string | null;

/**
 * Checks one MMSI's track and self-reported identities for the ways a ship hides who it is:
 * the MMSI transmitted from two places at once (another ship using it, or a spoofed track),
 * its IMO number or name changing, its flag changing, and an MMSI that is generic or not a
 * ship's. `flagOf` (MID → flag) decides whether the MID exists; without it that check is off.
 */
export function detectIdentityIssues(
  track: VesselTrack,
  identities: readonly VesselIdentity[],
  options: {
    readonly flagOf?: FlagOf;
    readonly params?: Partial<IdentityParams>;
    /** The track's segmentTrack with the same params, when the caller has it already. */
    readonly segments?: readonly Segment[];
  } = {},
): MaritimeEvent[] {
  const p = { ...IDENTITY_DEFAULTS, ...options.params };
  return [
    ...checkMmsi(track, options.flagOf),
    ...detectTwoPlaces(track, options.segments ?? segmentTrack(track, p)),
    ...detectIdentityChanges(track, identities),
  ].sort((a, b) => a.start - b.start);
}

/** Why an MMSI is not one ship's own number, or null when nothing is wrong with it. */
export function mmsiProblem(mmsi: number, flagOf?: FlagOf): string | null {
  if (!Number.isInteger(mmsi) || mmsi < 100_000_000 || mmsi > 999_999_999) return "not nine digits";
  const text = String(mmsi);
  if (/^(\d)\1{8}$/.test(text) || text === "123456789" || text === "234567890")
    return "placeholder number";
  const first = text[0] as string;
  if (first < "2" || first > "7") return `not a ship station (leading ${first})`;
  if (text.endsWith("000000")) return "generic (MID followed by zeros)";
  if (flagOf !== undefined && flagOf(mmsi) === null) return `unknown MID ${text.slice(0, 3)}`;
  return null;
}

function checkMmsi(track: VesselTrack, flagOf: FlagOf | undefined): MaritimeEvent[] {
  const problem = mmsiProblem(track.mmsi, flagOf);
  const n = track.time.length;
  if (problem === null || n === 0) return [];
  return [
    {
      kind: "identity",
      vessels: [track.mmsi],
      start: track.time[0] as number,
      end: track.time[n - 1] as number,
      lat: round(track.lat[0] as number, 5),
      lon: round(track.lon[0] as number, 5),
      details: { reason: "invalid-mmsi", problem, positions: n },
    },
  ];
}

/**
 * Two segments alive at the same time are one MMSI in two places at once (see segmentTrack).
 */
function detectTwoPlaces(track: VesselTrack, real: readonly Segment[]): MaritimeEvent[] {
  const events: MaritimeEvent[] = [];
  for (let a = 0; a < real.length; a++)
    for (let b = a + 1; b < real.length; b++) {
      const sa = real[a] as Segment;
      const sb = real[b] as Segment;
      const start = Math.max(track.time[sa.first] as number, track.time[sb.first] as number);
      const end = Math.min(track.time[sa.last] as number, track.time[sb.last] as number);
      if (end < start) continue;
      const ia = nearestIndex(track, sa.indices, start);
      const ib = nearestIndex(track, sb.indices, start);
      const km = distanceKm(
        track.lat[ia] as number,
        track.lon[ia] as number,
        track.lat[ib] as number,
        track.lon[ib] as number,
      );
      events.push({
        kind: "identity",
        vessels: [track.mmsi],
        start,
        end,
        lat: round(track.lat[ia] as number, 5),
        lon: round(track.lon[ia] as number, 5),
        details: {
          reason: "two-places",
          otherLat: round(track.lat[ib] as number, 5),
          otherLon: round(track.lon[ib] as number, 5),
          distanceKm: round(km, 1),
          positions: sa.indices.length,
          otherPositions: sb.indices.length,
        },
      });
    }
  return events;
}

function nearestIndex(track: VesselTrack, indices: readonly number[], t: number): number {
  let best = indices[0] as number;
  for (const i of indices)
    if (Math.abs((track.time[i] as number) - t) < Math.abs((track.time[best] as number) - t))
      best = i;
  return best;
}

const CHANGES = [
  ["imo", "imo-change"],
  ["name", "name-change"],
  ["flag", "flag-change"],
] as const;

/**
 * IMO number, name and flag changes between one identity span and the next. Changes between
 * the same two values are one event (first to last change, with their count): two ships
 * sending one MMSI flip between their names every few minutes, and that is one finding.
 */
function detectIdentityChanges(
  track: VesselTrack,
  identities: readonly VesselIdentity[],
): MaritimeEvent[] {
  const spans = identities.filter((s) => s.mmsi === track.mmsi).sort((a, b) => a.from - b.from);
  const events: MaritimeEvent[] = [];
  for (const [field, reason] of CHANGES) {
    const pairs = new Map<string, { first: MaritimeEvent; last: VesselIdentity; count: number }>();
    let previous: VesselIdentity | undefined;
    for (const span of spans) {
      const value = normalise(span[field]);
      if (value === null) continue;
      const before = previous === undefined ? null : normalise(previous[field]);
      if (previous !== undefined && before !== null && before !== value) {
        const key = [before, value].sort().join("\u0000");
        const seen = pairs.get(key);
        if (seen === undefined)
          pairs.set(key, {
            first: changeEvent(track, [track.mmsi], previous, span, reason, before, value),
            last: span,
            count: 1,
          });
        else {
          seen.last = span;
          seen.count++;
        }
      }
      previous = span;
    }
    for (const { first, last, count } of pairs.values())
      events.push({
        ...first,
        end: Math.max(first.end, last.from),
        details: { ...first.details, changes: count },
      });
  }
  return events;
}

/**
 * Flag changes of one hull: the identities of every MMSI that reported the same IMO number,
 * in time order; a new flag (usually with a new MMSI) is flag hopping.
 */
export function detectFlagChanges(
  identities: readonly VesselIdentity[],
  tracks: ReadonlyMap<number, VesselTrack> = new Map(),
): MaritimeEvent[] {
  const byImo = new Map<string, VesselIdentity[]>();
  for (const span of identities) {
    const imo = normalise(span.imo);
    if (imo === null || span.flag === null) continue;
    const list = byImo.get(imo);
    if (list === undefined) byImo.set(imo, [span]);
    else list.push(span);
  }
  const events: MaritimeEvent[] = [];
  for (const spans of byImo.values()) {
    spans.sort((a, b) => a.from - b.from);
    for (let i = 1; i < spans.length; i++) {
      const before = spans[i - 1] as VesselIdentity;
      const after = spans[i] as VesselIdentity;
      if (before.flag === after.flag || before.mmsi === after.mmsi) continue;
      const track = tracks.get(after.mmsi) ?? tracks.get(before.mmsi);
      events.push(
        changeEvent(
          track,
          [before.mmsi, after.mmsi],
          before,
          after,
          "flag-change",
          before.flag ?? "",
          after.flag ?? "",
        ),
      );
    }
  }
  return events;
}

function changeEvent(
  track: VesselTrack | undefined,
  vessels: readonly number[],
  before: VesselIdentity,
  after: VesselIdentity,
  reason: string,
  from: string,
  to: string,
): MaritimeEvent {
  const where = track === undefined ? undefined : positionAt(track, after.from);
  return {
    kind: "identity",
    vessels,
    start: before.to,
    end: after.from,
    lat: where?.lat ?? Number.NaN,
    lon: where?.lon ?? Number.NaN,
    details: { reason, from, to, imo: after.imo ?? before.imo },
  };
}

function positionAt(track: VesselTrack, t: number): { lat: number; lon: number } | undefined {
  const n = track.time.length;
  if (n === 0) return undefined;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((track.time[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return { lat: round(track.lat[lo] as number, 5), lon: round(track.lon[lo] as number, 5) };
}

function normalise(value: string | null): string | null {
  if (value === null) return null;
  const text = value
    .replace(/[@\s]+/g, " ")
    .trim()
    .toUpperCase();
  return text === "" || text === "0" ? null : text;
}
