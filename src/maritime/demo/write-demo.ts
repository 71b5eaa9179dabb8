import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { isoOf } from "../geo.js";
import { type DemoVessel, itineraryOf, type Scenario } from "./scenario.js";

/** The NOAA MarineCadastre header, the layout `cordon ais import` recognises. */
export const NOAA_HEADER =
  "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass";

/** What `writeDemo` wrote. */
export interface DemoFiles {
  readonly positions: string;
  readonly vessels: string;
  readonly planted: string;
  readonly rows: number;
}

/**
 * Writes the scenario to `dir`: `ais.csv` (NOAA MarineCadastre CSV, one row a report, vessel
 * after vessel), `vessels.csv` (the vessel table with deadweights that the petroleum estimate
 * reads) and `planted.jsonl` (what the scenario hid, to score detectors against).
 */
export async function writeDemo(scenario: Scenario, dir: string): Promise<DemoFiles> {
  await mkdir(dir, { recursive: true });
  const positions = join(dir, "ais.csv");
  const rows = await writePositions(scenario, positions);
  const vessels = join(dir, "vessels.csv");
  await writeText(vessels, vesselTable(scenario.vessels));
  const planted = join(dir, "planted.jsonl");
  await writeText(
    planted,
    scenario.planted
      .map((p) =>
        JSON.stringify({
          ...p,
          vessels: p.vessels.map(String),
          start: isoOf(p.start),
          end: isoOf(p.end),
        }),
      )
      .join("\n")
      .concat("\n"),
  );
  return { positions, vessels, planted, rows };
}

async function writeText(path: string, text: string): Promise<void> {
  const out = createWriteStream(path);
  out.end(text);
  await once(out, "finish");
}

/** The vessel table: one row per MMSI and IMO, with the (invented) deadweight. */
export function vesselTable(vessels: readonly DemoVessel[]): string {
  const lines = ["mmsi,imo,name,deadweight_tonnes,ship_type"];
  const seen = new Set<string>();
  for (const v of vessels) {
    const key = `${v.mmsi}/${v.imo}`;
    if (seen.has(key) || v.deadweight === null) continue;
    seen.add(key);
    lines.push([v.mmsi, v.imo ?? "", v.name, v.deadweight, v.shipType].join(","));
  }
  return `${lines.join("\n")}\n`;
}

async function writePositions(scenario: Scenario, path: string): Promise<number> {
  const out = createWriteStream(path);
  let chunk = `${NOAA_HEADER}\n`;
  let rows = 0;
  for (const vessel of scenario.vessels) {
    const route = itineraryOf(vessel);
    const fixed = `,${vessel.imo === null ? "" : `IMO${vessel.imo}`},${vessel.callsign},${vessel.shipType}`;
    const tail = `,${vessel.length},${vessel.width},${vessel.draught},${vessel.shipType},A\n`;
    // Reports come at the vessel's interval with a jitter of a few seconds, as receivers do.
    let jitter = (vessel.mmsi % 97) / 97;
    for (let t = vessel.start; t < scenario.end; t += vessel.interval) {
      jitter = (jitter * 9301 + 0.49297) % 1;
      const time = Math.round(t + jitter * 10);
      const s = route.at(time);
      if (!s.transmitting) continue;
      const name =
        vessel.renamed !== undefined && time >= vessel.renamed.at
          ? vessel.renamed.name
          : vessel.name;
      const status = s.sog < 0.5 ? 1 : 0;
      chunk += `${vessel.mmsi},${new Date(time * 1000).toISOString().slice(0, 19)},${s.lat.toFixed(5)},${s.lon.toFixed(5)},${s.sog.toFixed(1)},${s.cog.toFixed(1)},${Math.round(s.cog)},${name}${fixed},${status}${tail}`;
      rows++;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, "drain");
        chunk = "";
      }
    }
  }
  out.end(chunk);
  await once(out, "finish");
  return rows;
}
