import type { DescribedEvent } from "./events.js";
import { eventLine } from "./events.js";
import { isoOf } from "./geo.js";
import type { VesselTrack } from "./track.js";

/** A GeoJSON geometry of the kinds Cordon writes (RFC 7946: [lon, lat], WGS 84). */
export type Geometry =
  | { readonly type: "Point"; readonly coordinates: readonly [number, number] }
  | { readonly type: "LineString"; readonly coordinates: readonly (readonly [number, number])[] }
  | {
      readonly type: "MultiLineString";
      readonly coordinates: readonly (readonly (readonly [number, number])[])[];
    };

export interface Feature {
  readonly type: "Feature";
  readonly id?: string;
  readonly geometry: Geometry | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface FeatureCollection {
  readonly type: "FeatureCollection";
  readonly features: readonly Feature[];
}

export interface TrackGeoJsonOptions {
  /** A new line starts after a silence this long, so a gap is not drawn as a voyage (default 1 h). */
  readonly breakAfterSeconds?: number;
  /** Keep at most this many positions (evenly thinned), for a map of a long track. */
  readonly maxPoints?: number;
}

/**
 * A track as one GeoJSON Feature: a MultiLineString broken at gaps, crossing the antimeridian
 * as a break too, with the MMSI, the time span and, per line, its first and last times.
 */
export function trackFeature(track: VesselTrack, options: TrackGeoJsonOptions = {}): Feature {
  const breakAfter = options.breakAfterSeconds ?? 3600;
  const n = track.time.length;
  const every =
    options.maxPoints !== undefined && n > options.maxPoints ? Math.ceil(n / options.maxPoints) : 1;
  const lines: [number, number][][] = [];
  const times: [string, string][] = [];
  let line: [number, number][] = [];
  let lineStart = 0;
  let previous = -1;
  const visit: number[] = [];
  for (let i = 0; i < n; i += every) visit.push(i);
  if (n > 0 && visit.at(-1) !== n - 1) visit.push(n - 1);
  for (const i of visit) {
    const lon = track.lon[i] as number;
    const broken =
      previous >= 0 &&
      ((track.time[i] as number) - (track.time[previous] as number) > breakAfter * every ||
        Math.abs(lon - (track.lon[previous] as number)) > 180);
    if (broken) {
      if (line.length > 0) {
        lines.push(line);
        times.push([isoOf(track.time[lineStart] as number), isoOf(track.time[previous] as number)]);
      }
      line = [];
    }
    if (line.length === 0) lineStart = i;
    line.push([round6(lon), round6(track.lat[i] as number)]);
    previous = i;
  }
  if (line.length > 0) {
    lines.push(line);
    times.push([isoOf(track.time[lineStart] as number), isoOf(track.time[previous] as number)]);
  }
  return {
    type: "Feature",
    id: String(track.mmsi),
    geometry:
      n === 0
        ? null
        : {
            type: "MultiLineString",
            coordinates: lines.map((l) =>
              l.length === 1 ? [l[0] as [number, number], l[0] as [number, number]] : l,
            ),
          },
    properties: {
      mmsi: String(track.mmsi),
      start: n === 0 ? null : isoOf(track.time[0] as number),
      end: n === 0 ? null : isoOf(track.time[n - 1] as number),
      positions: n,
      lineTimes: times,
    },
  };
}

/** An event as a GeoJSON Point Feature with the event line's fields as properties. */
export function eventFeature(event: DescribedEvent): Feature {
  const { lat, lon, ...properties } = eventLine(event);
  return {
    type: "Feature",
    id: event.id,
    geometry:
      Number.isFinite(event.lat) && Number.isFinite(event.lon)
        ? { type: "Point", coordinates: [round6(event.lon), round6(event.lat)] }
        : null,
    properties,
  };
}

/** Tracks and events in one FeatureCollection. */
export function toFeatureCollection(
  tracks: readonly VesselTrack[],
  events: readonly DescribedEvent[],
  options: TrackGeoJsonOptions = {},
): FeatureCollection {
  return {
    type: "FeatureCollection",
    features: [...tracks.map((t) => trackFeature(t, options)), ...events.map(eventFeature)],
  };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
