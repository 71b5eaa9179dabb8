import type { Port, PortIndex } from "../ports.js";
import type { VesselTrack } from "../track.js";
import { type MaritimeEvent, round } from "./event.js";

export interface PortCallParams {
  /** A position this close to a port's reference point is in the port (default 5 km). */
  readonly radiusKm: number;
  /** Visits shorter than this are passages, not calls (default 1 hour). */
  readonly minDurationHours: number;
  /**
   * A vessel that leaves the area and comes back within this time is still on the same call
   * (anchorage swings at the edge of the radius; default 1 hour).
   */
  readonly maxAbsenceHours: number;
}

export const PORT_CALL_DEFAULTS: PortCallParams = {
  radiusKm: 5,
  minDurationHours: 1,
  maxAbsenceHours: 1,
};

/**
 * Finds a vessel's calls at the ports of `ports`: arrival (its first position in the port
 * area) and departure (its last, before it is seen outside). A call still going on at the end
 * of the track says `departed: false`; one the track starts in says `arrived: false`. A vessel that goes dark in
 * port and reappears there is one call; one that goes dark on the way in is not seen calling.
 */
export function detectPortCalls(
  track: VesselTrack,
  ports: PortIndex,
  params: Partial<PortCallParams> = {},
): MaritimeEvent[] {
  const p = { ...PORT_CALL_DEFAULTS, ...params };
  const events: MaritimeEvent[] = [];
  let current: { port: Port; first: number; last: number } | undefined;
  const close = (departed: boolean) => {
    if (current === undefined) return;
    const { port, first, last } = current;
    current = undefined;
    const start = track.time[first] as number;
    const end = track.time[last] as number;
    if (end - start < p.minDurationHours * 3600) return;
    events.push({
      kind: "port-call",
      vessels: [track.mmsi],
      start,
      end,
      lat: round(port.lat, 5),
      lon: round(port.lon, 5),
      details: {
        port: port.name,
        portId: port.id,
        country: port.country,
        hours: round((end - start) / 3600, 2),
        // A track that starts in port shows no arrival: the call began before the data.
        arrived: first > 0,
        departed,
        positions: last - first + 1,
      },
    });
  };
  const n = track.time.length;
  for (let i = 0; i < n; i++) {
    const port = ports.portAt(track.lat[i] as number, track.lon[i] as number, p.radiusKm);
    if (current !== undefined) {
      if (port === current.port) {
        current.last = i;
        continue;
      }
      // Outside (or in another port): the call ends once the vessel has been away long enough.
      const away = (track.time[i] as number) - (track.time[current.last] as number);
      if (port === undefined && away <= p.maxAbsenceHours * 3600) continue;
      close(true);
    }
    if (port !== undefined) current = { port, first: i, last: i };
  }
  close(current !== undefined && current.last < n - 1);
  return events;
}
