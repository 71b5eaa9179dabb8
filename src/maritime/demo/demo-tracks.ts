import { trackOf } from "../testing.js";
import type { VesselIdentity, VesselTrack } from "../track.js";
import { itineraryOf, type Scenario } from "./scenario.js";

/**
 * The scenario's tracks and identities as the import would store them, computed in memory
 * (no files): what tests and the benchmark's in-process check run the detectors on. Two demo
 * vessels sharing an MMSI make one track, as they would in a real feed.
 */
export function demoTracks(
  scenario: Scenario,
  flagOf: (mmsi: number) => string | null = () => null,
): { tracks: VesselTrack[]; identities: VesselIdentity[] } {
  const reports = new Map<
    number,
    { time: number; lat: number; lon: number; sog: number; cog: number }[]
  >();
  const identities: VesselIdentity[] = [];
  for (const vessel of scenario.vessels) {
    const route = itineraryOf(vessel);
    const list = reports.get(vessel.mmsi) ?? [];
    reports.set(vessel.mmsi, list);
    let first = Number.NaN;
    let last = Number.NaN;
    let renamedFirst = Number.NaN;
    for (let t = vessel.start; t < scenario.end; t += vessel.interval) {
      const time = Math.round(t);
      const s = route.at(time);
      if (!s.transmitting) continue;
      list.push({ time, lat: s.lat, lon: s.lon, sog: s.sog, cog: s.cog });
      if (vessel.renamed !== undefined && time >= vessel.renamed.at) {
        if (Number.isNaN(renamedFirst)) renamedFirst = time;
      } else {
        if (Number.isNaN(first)) first = time;
        last = time;
      }
    }
    const base = {
      mmsi: vessel.mmsi,
      imo: vessel.imo,
      callsign: vessel.callsign,
      flag: flagOf(vessel.mmsi),
      shipType: vessel.shipType,
      length: vessel.length,
      width: vessel.width,
      draught: vessel.draught,
    };
    if (!Number.isNaN(first))
      identities.push({ ...base, from: first, to: last, name: vessel.name });
    if (vessel.renamed !== undefined && !Number.isNaN(renamedFirst))
      identities.push({ ...base, from: renamedFirst, to: scenario.end, name: vessel.renamed.name });
  }
  const tracks = [...reports].map(([mmsi, list]) => trackOf(mmsi, list));
  return { tracks, identities };
}
