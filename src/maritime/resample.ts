import { speedTowards } from "./detectors/speed.js";
import { interpolate } from "./geo.js";
import type { VesselTrack } from "./track.js";

/** A track on a regular time grid: the positions encounters are compared on. */
export interface ResampledTrack {
  readonly mmsi: number;
  /** Grid times (epoch seconds, multiples of the step), ascending, with holes at gaps. */
  readonly time: Float64Array;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** Knots: the reported speed of the nearer report, else the speed implied between the two. */
  readonly speed: Float32Array;
}

export interface ResampleOptions {
  /** Grid step in seconds (GFW: 10 minutes). */
  readonly stepSeconds?: number;
  /** No point is interpolated between reports further apart than this (GFW: 1 hour). */
  readonly maxGapSeconds?: number;
}

/**
 * Resamples a track onto a grid of `stepSeconds` aligned on the epoch, interpolating linearly
 * between the two reports around each grid time; grid times inside a gap longer than
 * `maxGapSeconds` get no point (a vessel is not assumed to have sailed straight while dark).
 */
export function resampleTrack(track: VesselTrack, options: ResampleOptions = {}): ResampledTrack {
  const step = options.stepSeconds ?? 600;
  const maxGap = options.maxGapSeconds ?? 3600;
  const n = track.time.length;
  const empty = {
    mmsi: track.mmsi,
    time: new Float64Array(0),
    lat: new Float64Array(0),
    lon: new Float64Array(0),
    speed: new Float32Array(0),
  };
  if (n === 0) return empty;
  const first = Math.ceil((track.time[0] as number) / step) * step;
  const last = Math.floor((track.time[n - 1] as number) / step) * step;
  const slots = Math.max(0, Math.floor((last - first) / step) + 1);
  const time = new Float64Array(slots);
  const lat = new Float64Array(slots);
  const lon = new Float64Array(slots);
  const speed = new Float32Array(slots);
  let out = 0;
  let j = 0;
  for (let t = first; t <= last; t += step) {
    while (j < n - 1 && (track.time[j + 1] as number) < t) j++;
    const t0 = track.time[j] as number;
    if (t0 === t || j === n - 1) {
      if (t0 !== t) continue;
      time[out] = t;
      lat[out] = track.lat[j] as number;
      lon[out] = track.lon[j] as number;
      speed[out] = speedTowards(track, j, j + 1 < n ? j + 1 : j);
      out++;
      continue;
    }
    const t1 = track.time[j + 1] as number;
    if (t1 - t0 > maxGap) continue;
    const f = (t - t0) / (t1 - t0);
    const p = interpolate(
      track.lat[j] as number,
      track.lon[j] as number,
      track.lat[j + 1] as number,
      track.lon[j + 1] as number,
      f,
    );
    time[out] = t;
    lat[out] = p.lat;
    lon[out] = p.lon;
    speed[out] = speedTowards(track, f < 0.5 ? j : j + 1, f < 0.5 ? j + 1 : j);
    out++;
  }
  return {
    mmsi: track.mmsi,
    time: time.slice(0, out),
    lat: lat.slice(0, out),
    lon: lon.slice(0, out),
    speed: speed.slice(0, out),
  };
}
