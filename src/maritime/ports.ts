import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { Invalid } from "../model/index.js";
import { distanceKm, insidePolygon } from "./geo.js";

/** A port area: a reference point with a radius, or a polygon when one is known. */
export interface Port {
  /** Stable key, e.g. "kp-nampo". */
  readonly id: string;
  /** The World Port Index label, as GFW's anchorage pipeline spells it. */
  readonly name: string;
  /** Names analysts and the Panel's reports use for the same port. */
  readonly aliases: readonly string[];
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  /** Overrides the detector's default radius for this port. */
  readonly radiusKm?: number;
  /** [lon, lat] ring; when present it decides "in port" instead of the radius. */
  readonly polygon?: readonly (readonly [number, number])[];
  readonly source: string;
}

const WPI = "NGA World Port Index (GFW anchorages_pipeline WPI_ports.csv)";

function wpi(
  country: string,
  name: string,
  lat: number,
  lon: number,
  aliases: string[] = [],
): Port {
  const id = `${country.toLowerCase()}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return { id, name, aliases, country, lat, lon, source: WPI };
}

/**
 * The ports the monitoring is about: the ten DPRK ports of the World Port Index, the Russian
 * Far East ports of the DPRK–Russia arms and oil traffic, and the Chinese ports of the Korea
 * Bay trade. Positions are the WPI reference points (about one arc-minute), not berths, hence
 * a radius. Taean, Sodo and Sinpo are not in the WPI and so not here; add them as polygons.
 */
export const PORTS_OF_INTEREST: readonly Port[] = [
  wpi("KP", "NAMPO", 38.716667, 125.4, ["Nampho"]),
  wpi("KP", "KYOMIP'O", 38.733333, 125.616667, ["Songnim", "Kyomipo"]),
  wpi("KP", "HAEJU HANG", 38.0, 125.7, ["Haeju"]),
  wpi("KP", "WONSAN", 39.166667, 127.45),
  wpi("KP", "HUNGNAM", 39.833333, 127.616667),
  wpi("KP", "CH'AHO", 40.2, 128.65, ["Chaho"]),
  wpi("KP", "KIMCH'AEK", 40.666667, 129.2, ["Kimchaek"]),
  wpi("KP", "CH'ONGJIN", 41.766667, 129.816667, ["Chongjin"]),
  wpi("KP", "NAJIN", 42.233333, 130.3, ["Rajin", "Rason"]),
  wpi("KP", "SENBONG", 42.333333, 130.4, ["Sonbong", "Unggi"]),
  wpi("RU", "VOSTOCHNYY", 42.75, 133.083333, ["Vostochny"]),
  wpi("RU", "NAKHODKA", 42.8, 132.883333),
  wpi("RU", "VLADIVOSTOK", 43.116667, 131.9),
  wpi("RU", "SLAVYANKA", 42.866667, 131.383333),
  wpi("RU", "ZARUBINO", 42.633333, 131.083333),
  wpi("CN", "DALIAN", 38.916667, 121.666667),
  wpi("CN", "DANDONG", 39.816667, 124.15),
  wpi("CN", "LONGKOU GANG", 37.633333, 120.283333, ["Longkou"]),
  wpi("CN", "YANTAI", 37.55, 121.45),
  wpi("CN", "QINGDAO GANG", 36.033333, 120.266667, ["Qingdao"]),
];

/** Whether a port is in the DPRK (the ports deliveries to the DPRK are counted at). */
export function isDprkPort(port: Port): boolean {
  return port.country === "KP";
}

/**
 * Ports bucketed in cells of half a degree, so that asking "which port is this position in" of
 * the whole World Port Index (3,669 points) for 10 million positions looks at a handful of
 * ports each time, not all of them.
 */
export class PortIndex {
  private readonly cells = new Map<number, Port[]>();
  /** Cells with a port in them or next to them: most positions are in none and stop there. */
  private readonly near1 = new Set<number>();
  readonly ports: readonly Port[];

  constructor(ports: readonly Port[]) {
    this.ports = ports;
    for (const port of ports) {
      const a = Math.floor(port.lat * 2);
      const b = Math.floor(port.lon * 2);
      const key = cellKey(a, b);
      const cell = this.cells.get(key);
      if (cell === undefined) this.cells.set(key, [port]);
      else cell.push(port);
      for (let i = -1; i <= 1; i++)
        for (let j = -1; j <= 1; j++) this.near1.add(cellKey(a + i, b + j));
    }
  }

  /** The port whose area contains the point (its polygon, else the radius), nearest first. */
  portAt(lat: number, lon: number, radiusKm: number): Port | undefined {
    // A neighbouring cell reaches at least 25 km (half a degree of longitude below 60°N/S);
    // beyond that radius or latitude the slow path decides.
    if (
      radiusKm <= 25 &&
      Math.abs(lat) < 60 &&
      !this.near1.has(cellKey(Math.floor(lat * 2), Math.floor(lon * 2)))
    )
      return undefined;
    let best: Port | undefined;
    let bestKm = Number.POSITIVE_INFINITY;
    for (const port of this.near(lat, lon, Math.max(radiusKm, 25))) {
      const km = distanceKm(lat, lon, port.lat, port.lon);
      const inside =
        port.polygon === undefined
          ? km <= (port.radiusKm ?? radiusKm)
          : insidePolygon(lat, lon, port.polygon);
      if (inside && km < bestKm) {
        best = port;
        bestKm = km;
      }
    }
    return best;
  }

  /** Kilometres to the nearest port point, or Infinity when none is within `maxKm`. */
  nearestKm(lat: number, lon: number, maxKm: number): number {
    let best = Number.POSITIVE_INFINITY;
    for (const port of this.near(lat, lon, maxKm)) {
      const km = distanceKm(lat, lon, port.lat, port.lon);
      if (km < best) best = km;
    }
    return best <= maxKm ? best : Number.POSITIVE_INFINITY;
  }

  /** Ports in the cells that a circle of `km` around the point touches. */
  private *near(lat: number, lon: number, km: number): Iterable<Port> {
    const dLat = km / 111;
    const dLon =
      km / (111 * Math.max(0.05, Math.cos((Math.min(89, Math.abs(lat)) * Math.PI) / 180)));
    const lat0 = Math.floor((lat - dLat) * 2);
    const lat1 = Math.floor((lat + dLat) * 2);
    const lon0 = Math.floor((lon - dLon) * 2);
    const lon1 = Math.floor((lon + dLon) * 2);
    for (let a = lat0; a <= lat1; a++)
      for (let b = lon0; b <= lon1; b++) {
        const cell = this.cells.get(cellKey(a, ((((b + 360) % 720) + 720) % 720) - 360));
        if (cell !== undefined) yield* cell;
      }
  }
}

function cellKey(latCell: number, lonCell: number): number {
  return (latCell + 200) * 1000 + (lonCell + 400);
}

const ISO3_TO_2: Readonly<Record<string, string>> = {
  PRK: "KP",
  RUS: "RU",
  CHN: "CN",
  KOR: "KR",
  JPN: "JP",
};

/**
 * Reads a port list in the WPI layout GFW publishes (`iso3,label,sublabel,latitude,longitude`),
 * so an analyst can give the detectors the whole World Port Index. Throws Invalid naming the
 * line and field of the first bad row.
 */
export function readPortsCsv(path: string): Port[] {
  const rows = parse(readFileSync(path, "utf8"), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const header = Object.keys(rows[0] ?? {});
  for (const field of ["iso3", "label", "latitude", "longitude"])
    if (rows.length > 0 && !header.includes(field))
      throw new Invalid("missing_column", `${path}: no column ${field}`, [
        { file: path, line: 1, field, message: "missing column" },
      ]);
  return rows.map((row, i) => {
    const lat = Number(row.latitude);
    const lon = Number(row.longitude);
    if (!Number.isFinite(lat) || Math.abs(lat) > 90 || !Number.isFinite(lon) || Math.abs(lon) > 180)
      throw new Invalid("bad_port", `${path}:${i + 2}: bad coordinates`, [
        {
          file: path,
          line: i + 2,
          field: "latitude",
          message: "not a coordinate",
          value: `${row.latitude},${row.longitude}`,
        },
      ]);
    const iso3 = (row.iso3 ?? "").toUpperCase();
    const country = ISO3_TO_2[iso3] ?? iso3;
    const label = [row.label, row.sublabel].filter((p) => p !== undefined && p !== "").join(" ");
    return {
      ...wpi(country, label, lat, lon),
      id: `${country.toLowerCase()}-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${i}`,
    };
  });
}
