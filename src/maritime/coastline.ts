import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mesh } from "topojson-client";
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
  /** Per cell, segment ends as lat1, lon1, lat2, lon2 runs. */
  private readonly cells = new Map<number, number[]>();

  constructor(lines: readonly (readonly (readonly [number, number])[])[]) {
    for (const line of lines)
      for (let k = 1; k < line.length; k++) {
        const [lon1, lat1] = line[k - 1] as readonly [number, number];
        const [lon2, lat2] = line[k] as readonly [number, number];
        // Natural Earth cuts land at the antimeridian (Chukotka, Fiji): the cut is not a coast.
        if (onAntimeridian(lon1) && onAntimeridian(lon2)) continue;
        this.insert(lat1, lon1, lat2, lon1 + lonOffset(lon2, lon1));
      }
  }

  nearestKm(lat: number, lon: number, maxKm: number): number {
    const dLat = maxKm / 111;
    const dLon = maxKm / (111 * Math.max(0.02, Math.cos(Math.min(89, Math.abs(lat)) * RAD)));
    const kx = Math.cos(lat * RAD) * RAD * EARTH_RADIUS_KM;
    const ky = RAD * EARTH_RADIUS_KM;
    let best = Number.POSITIVE_INFINITY;
    for (let a = cellOf(lat - dLat); a <= cellOf(lat + dLat); a++)
      for (let b = cellOf(lon - dLon); b <= cellOf(lon + dLon); b++) {
        const segments = this.cells.get(cellKey(a, wrapCell(b)));
        if (segments === undefined) continue;
        for (let s = 0; s < segments.length; s += 4) {
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

  /** A segment, its second longitude unwrapped (it may pass 180) so its cells are contiguous. */
  private insert(lat1: number, lon1: number, lat2: number, lon2: number): void {
    for (let a = cellOf(Math.min(lat1, lat2)); a <= cellOf(Math.max(lat1, lat2)); a++)
      for (let b = cellOf(Math.min(lon1, lon2)); b <= cellOf(Math.max(lon1, lon2)); b++) {
        const key = cellKey(a, wrapCell(b));
        const cell = this.cells.get(key);
        if (cell === undefined) this.cells.set(key, [lat1, lon1, lat2, lon2]);
        else cell.push(lat1, lon1, lat2, lon2);
      }
  }
}

let world: Coastline | undefined;

/** The built-in world coastline, read once per process (0.2–0.4 s), when loitering is asked for. */
export function worldCoastline(): Coastline {
  if (world !== undefined) return world;
  const path = createRequire(import.meta.url).resolve("world-atlas/land-10m.json");
  const topology = JSON.parse(readFileSync(path, "utf8")) as Topology<{
    land: GeometryCollection<Record<string, never>>;
  }>;
  world = new Coastline(mesh(topology, topology.objects.land).coordinates as [number, number][][]);
  return world;
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

function cellOf(degrees: number): number {
  return Math.floor(degrees / CELL_DEGREES);
}

function wrapCell(b: number): number {
  const half = CELLS_AROUND / 2;
  return ((((b + half) % CELLS_AROUND) + CELLS_AROUND) % CELLS_AROUND) - half;
}

function cellKey(a: number, b: number): number {
  return a * 4096 + b;
}
