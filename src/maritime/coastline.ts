import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { GeometryCollection, Topology } from "topojson-specification";
import { EARTH_RADIUS_KM } from "./geo.js";

/** What "distance from shore" asks: the distance to the nearest shore within `maxKm`, else Infinity. */
export interface ShoreDistance {
  nearestKm(lat: number, lon: number, maxKm: number): number;
}

/** The nearer of several shores (the coastline, and the ports standing in for anchorages). */
export function nearestOf(shores: readonly ShoreDistance[]): ShoreDistance {
  return {
    nearestKm: (lat, lon, maxKm) =>
      Math.min(...shores.map((shore) => shore.nearestKm(lat, lon, maxKm))),
  };
}

/** Grid cells are this many degrees on a side. */
const CELL_DEGREES = 0.25;
const RAD = Math.PI / 180;

/**
 * The world's coastline from Natural Earth (1:10 million land polygons, through the
 * `world-atlas` TopoJSON; about a kilometre of detail, islands included: at 1:50 million the islands off the Liaodong peninsula are missing and a point in Korea Bay is 112 km from shore instead of 66), for GFW's "at least 20
 * nautical miles from shore". Without it only listed ports stood for the shore, and every
 * ship at anchor off an unlisted coast loitered. Segments are kept in a quarter-degree grid;
 * a query reads only the cells its radius touches. A point inland (up a river) is measured to
 * the nearest coast like any other.
 */
export class Coastline implements ShoreDistance {
  /**
   * The segments of each cell, as lat1, lon1, lat2, lon2 runs: cell c's are segments[starts[c]]
   * to segments[starts[c + 1]] (a dense grid, built in a count and a fill pass: a Map of arrays
   * took half of the 0.35 s the world's coastline cost each process that detects loitering).
   */
  private readonly starts: Uint32Array;
  private readonly segments: Float64Array;

  /** A coastline of segments laid out as lat1, lon1, lat2, lon2 runs. */
  constructor(ends: Float64Array) {
    const grid = buildGrid(ends);
    this.starts = grid.starts;
    this.segments = grid.segments;
  }

  nearestKm(lat: number, lon: number, maxKm: number): number {
    const dLat = maxKm / 111;
    const dLon = maxKm / (111 * Math.max(0.02, Math.cos(Math.min(89, Math.abs(lat)) * RAD)));
    const kx = Math.cos(lat * RAD) * RAD * EARTH_RADIUS_KM;
    const ky = RAD * EARTH_RADIUS_KM;
    const { starts, segments } = this;
    const top = Math.min(CELLS_UP - 1, cellOf(lat + dLat));
    let best = Number.POSITIVE_INFINITY;
    for (let a = Math.max(-CELLS_UP, cellOf(lat - dLat)); a <= top; a++)
      for (let b = cellOf(lon - dLon); b <= cellOf(lon + dLon); b++) {
        const cell = cellIndex(a, wrapCell(b));
        const end = starts[cell + 1] as number;
        for (let s = starts[cell] as number; s < end; s += 4) {
          // A local plane around the point: within the few tens of kilometres asked about,
          // a fraction of a percent from the great circle.
          const x1 = lonOffset(segments[s + 1] as number, lon) * kx;
          const y1 = ((segments[s] as number) - lat) * ky;
          const x2 = lonOffset(segments[s + 3] as number, lon) * kx;
          const y2 = ((segments[s + 2] as number) - lat) * ky;
          const km = distanceToSegment(x1, y1, x2, y2);
          if (km < best) best = km;
        }
      }
    return best <= maxKm ? best : Number.POSITIVE_INFINITY;
  }
}

/** Files segments by the cells they touch: a count pass, then a fill pass. */
function buildGrid(ends: Float64Array): { starts: Uint32Array; segments: Float64Array } {
  const cells = 2 * CELLS_UP * CELLS_AROUND;
  const starts = new Uint32Array(cells + 1);
  forEachCell(ends, (cell) => {
    starts[cell + 1] = (starts[cell + 1] as number) + 1;
  });
  for (let c = 0; c < cells; c++) starts[c + 1] = (starts[c + 1] as number) + (starts[c] as number);
  const next = starts.slice(0, cells);
  const segments = new Float64Array((starts[cells] as number) * 4);
  forEachCell(ends, (cell, s, east) => {
    const at = (next[cell] as number) * 4;
    next[cell] = (next[cell] as number) + 1;
    segments[at] = ends[s] as number;
    segments[at + 1] = ends[s + 1] as number;
    segments[at + 2] = ends[s + 2] as number;
    segments[at + 3] = east;
  });
  for (let c = 0; c <= cells; c++) starts[c] = (starts[c] as number) * 4;
  return { starts, segments };
}

/**
 * Calls `each` with every cell a segment touches, the segment's place in `ends` and its second
 * longitude unwrapped (it may pass 180) so that its cells are contiguous. Natural Earth cuts
 * land at the antimeridian (Chukotka, Fiji): a segment along the cut is not a coast.
 */
function forEachCell(
  ends: Float64Array,
  each: (cell: number, segment: number, east: number) => void,
): void {
  for (let s = 0; s < ends.length; s += 4) {
    const lat1 = ends[s] as number;
    const lon1 = ends[s + 1] as number;
    const lat2 = ends[s + 2] as number;
    const lon2 = ends[s + 3] as number;
    if (onAntimeridian(lon1) && onAntimeridian(lon2)) continue;
    const east = lon1 + lonOffset(lon2, lon1);
    const top = Math.min(CELLS_UP - 1, cellOf(Math.max(lat1, lat2)));
    for (let a = Math.max(-CELLS_UP, cellOf(Math.min(lat1, lat2))); a <= top; a++)
      for (let b = cellOf(Math.min(lon1, east)); b <= cellOf(Math.max(lon1, east)); b++)
        each(cellIndex(a, wrapCell(b)), s, east);
  }
}

type Land = Topology<{ land: GeometryCollection<Record<string, never>> }>;

let world: Coastline | undefined;

/**
 * The built-in world coastline, read once per process (about 0.1 s), when loitering is asked
 * for: the arcs of the land object decoded straight into segments (topojson-client's mesh,
 * used before, stitched them into lines first, at twice the cost).
 */
export function worldCoastline(): Coastline {
  if (world !== undefined) return world;
  const path = createRequire(import.meta.url).resolve("world-atlas/land-10m.json");
  world = new Coastline(landSegments(JSON.parse(readFileSync(path, "utf8")) as Land));
  return world;
}

/** The segments of the arcs the land object uses, each arc once, as lat1, lon1, lat2, lon2. */
function landSegments(topology: Land): Float64Array {
  const used = new Set<number>();
  const collect = (arcs: unknown): void => {
    if (typeof arcs === "number") used.add(arcs < 0 ? ~arcs : arcs);
    else if (Array.isArray(arcs)) for (const arc of arcs) collect(arc);
  };
  for (const geometry of topology.objects.land.geometries)
    if ("arcs" in geometry) collect(geometry.arcs);
  const arcs = [...used].sort((a, b) => a - b).map((index) => decodeArc(topology, index));
  const ends = new Float64Array(
    arcs.reduce((n, arc) => n + Math.max(0, arc.length / 2 - 1), 0) * 4,
  );
  let at = 0;
  for (const arc of arcs)
    for (let k = 2; k < arc.length; k += 2) {
      ends[at++] = arc[k - 1] as number;
      ends[at++] = arc[k - 2] as number;
      ends[at++] = arc[k + 1] as number;
      ends[at++] = arc[k] as number;
    }
  return ends;
}

/** An arc's points as lon, lat pairs, undoing the topology's quantization (delta-encoded). */
function decodeArc(topology: Land, index: number): Float64Array {
  const points = (topology.arcs[index] ?? []) as unknown as readonly (readonly [number, number])[];
  const out = new Float64Array(points.length * 2);
  const transform = topology.transform;
  let x = 0;
  let y = 0;
  points.forEach(([px, py], k) => {
    if (transform === undefined) {
      out[2 * k] = px;
      out[2 * k + 1] = py;
      return;
    }
    x += px;
    y += py;
    out[2 * k] = x * (transform.scale[0] as number) + (transform.translate[0] as number);
    out[2 * k + 1] = y * (transform.scale[1] as number) + (transform.translate[1] as number);
  });
  return out;
}

/** Distance from the origin to the segment (x1, y1)–(x2, y2). */
function distanceToSegment(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(x1 * dx + y1 * dy) / length2));
  return Math.hypot(x1 + t * dx, y1 + t * dy);
}

function onAntimeridian(lon: number): boolean {
  return Math.abs(Math.abs(lon) - 180) < 1e-6;
}

/** Degrees of longitude from `lon0` to `lon`, the short way across the antimeridian. */
function lonOffset(lon: number, lon0: number): number {
  let d = lon - lon0;
  if (d > 180) d -= 360;
  else if (d < -180) d += 360;
  return d;
}

const CELLS_AROUND = Math.round(360 / CELL_DEGREES);
/** Rows of cells from the equator to a pole. */
const CELLS_UP = Math.round(90 / CELL_DEGREES);

function cellOf(degrees: number): number {
  return Math.floor(degrees / CELL_DEGREES);
}

function wrapCell(b: number): number {
  const half = CELLS_AROUND / 2;
  return ((((b + half) % CELLS_AROUND) + CELLS_AROUND) % CELLS_AROUND) - half;
}

/** The place in the dense grid of the cell at row `a` (from the equator), wrapped column `b`. */
function cellIndex(a: number, b: number): number {
  return (a + CELLS_UP) * CELLS_AROUND + b + CELLS_AROUND / 2;
}
