/** Mean Earth radius in kilometres (IUGG), the one the haversine distances use. */
export const EARTH_RADIUS_KM = 6371.0088;
/** One international nautical mile in kilometres. */
export const KM_PER_NM = 1.852;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

const RAD = Math.PI / 180;

/** Great-circle distance in kilometres between two points given in degrees (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * An upper bound on distanceKm, without trigonometry: the great circle is no longer than the
 * path along the meridian and then the parallel, and a parallel's degree is no longer than the
 * equator's. Over-estimated by a part in a billion, so that rounding never makes it a lower
 * bound; good for "certainly closer than" tests on nearby points.
 */
export function distanceBoundKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  let dLon = Math.abs(lon2 - lon1);
  if (dLon > 180) dLon = 360 - dLon;
  return (Math.abs(lat2 - lat1) + dLon) * RAD * EARTH_RADIUS_KM * (1 + 1e-9);
}

/** Speed in knots needed to cover `km` in `seconds`; Infinity when no time passed. */
export function impliedSpeedKnots(km: number, seconds: number): number {
  if (seconds <= 0) return km === 0 ? 0 : Number.POSITIVE_INFINITY;
  return km / KM_PER_NM / (seconds / 3600);
}

/** Longitude wrapped into [-180, 180). */
export function wrapLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/**
 * The point a fraction `f` of the way from one position to the next, straight in degrees
 * (good enough over the minutes between AIS reports), the short way across the antimeridian.
 */
export function interpolate(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  f: number,
): LatLon {
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  return { lat: lat1 + (lat2 - lat1) * f, lon: wrapLon(lon1 + dLon * f) };
}

/** The median of `values` (NaN dropped); NaN when none is left. */
export function median(values: ArrayLike<number>): number {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) kept.push(v);
  }
  if (kept.length === 0) return Number.NaN;
  kept.sort((a, b) => a - b);
  const mid = kept.length >> 1;
  return kept.length % 2 === 1
    ? (kept[mid] as number)
    : ((kept[mid - 1] as number) + (kept[mid] as number)) / 2;
}

/** Ray casting: whether a point lies inside a ring of [lon, lat] vertices (first = last or not). */
export function insidePolygon(
  lat: number,
  lon: number,
  ring: readonly (readonly [number, number])[],
): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as readonly [number, number];
    const [xj, yj] = ring[j] as readonly [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** ISO 8601 UTC text of epoch seconds, without milliseconds. */
export function isoOf(seconds: number): string {
  return new Date(Math.round(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

/** Epoch seconds of an ISO date or date-time; NaN when it does not parse. */
export function secondsOf(text: string): number {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || text.length <= 10 ? text : `${text}Z`);
  return ms / 1000;
}
