import { nearestOf, type ShoreDistance, worldCoastline } from "../coastline.js";
import { PORTS_OF_INTEREST, type Port, PortIndex } from "../ports.js";
import { type ResampledTrack, resampleTrack } from "../resample.js";
import type { VesselIdentity, VesselTrack } from "../track.js";
import { detectEncounters, ENCOUNTER_DEFAULTS, type EncounterParams } from "./encounter.js";
import { EVENT_KINDS, type EventKind, type MaritimeEvent } from "./event.js";
import { detectGaps, type GapParams } from "./gap.js";
import {
  detectFlagChanges,
  detectIdentityIssues,
  type FlagOf,
  type IdentityParams,
} from "./identity.js";
import { detectLoitering, type LoiteringParams } from "./loitering.js";
import { detectPortCalls, type PortCallParams } from "./port-call.js";
import { segmentTrack, splitBySegments } from "./segment.js";

export interface DetectOptions {
  /** The detectors to run (default: all). */
  readonly kinds?: readonly EventKind[];
  /** Port areas for port calls and the "away from port" rules (default: PORTS_OF_INTEREST). */
  readonly ports?: readonly Port[];
  /**
   * Points standing for the shore in the loitering rule, instead of the default: the world
   * coastline (see coastline.ts) and the ports.
   */
  readonly shore?: readonly Port[];
  readonly flagOf?: FlagOf;
  readonly encounter?: Partial<EncounterParams>;
  readonly loitering?: Partial<LoiteringParams>;
  readonly gap?: Partial<GapParams>;
  readonly portCall?: Partial<PortCallParams>;
  readonly identity?: Partial<IdentityParams>;
  /** Resampling for encounters: no interpolation across gaps longer than this (GFW: 1 h). */
  readonly maxGapSeconds?: number;
}

/**
 * Runs the detectors over tracks as they stream in: identity on each MMSI's track, the
 * others on each ship within it (see splitTrack), the
 * encounter detector once over all tracks resampled (one partition; a deployment splits it
 * by cell and time window), flag changes over the identities by IMO. Events in time order.
 */
export async function detectEvents(
  tracks: AsyncIterable<VesselTrack> | Iterable<VesselTrack>,
  identities: readonly VesselIdentity[],
  options: DetectOptions = {},
): Promise<MaritimeEvent[]> {
  const kinds = new Set(options.kinds ?? EVENT_KINDS);
  const ports = new PortIndex(options.ports ?? PORTS_OF_INTEREST);
  const shore = shoreFor(kinds, ports, options.shore);
  const byMmsi = new Map<number, VesselIdentity[]>();
  for (const span of identities) {
    const list = byMmsi.get(span.mmsi);
    if (list === undefined) byMmsi.set(span.mmsi, [span]);
    else list.push(span);
  }
  const events: MaritimeEvent[] = [];
  const resampled: ResampledTrack[] = [];
  const stepSeconds = options.encounter?.stepSeconds ?? ENCOUNTER_DEFAULTS.stepSeconds;
  for await (const track of tracks) {
    // One segmentation serves both the identity detector (two places at once) and the split
    // into ships the others run on.
    const segments = segmentTrack(track, options.identity);
    if (kinds.has("identity"))
      events.push(
        ...detectIdentityIssues(track, byMmsi.get(track.mmsi) ?? [], {
          segments,
          ...(options.flagOf === undefined ? {} : { flagOf: options.flagOf }),
          ...(options.identity === undefined ? {} : { params: options.identity }),
        }),
      );
    // The other detectors see ships, not MMSIs: an MMSI sent by two ships is two tracks here,
    // or the line between them would be "sailed" and each one's calls and gaps mixed up.
    for (const ship of splitBySegments(track, segments)) {
      if (kinds.has("gap")) events.push(...detectGaps(ship, options.gap));
      if (kinds.has("loitering")) events.push(...detectLoitering(ship, shore, options.loitering));
      if (kinds.has("port-call")) events.push(...detectPortCalls(ship, ports, options.portCall));
      if (kinds.has("encounter"))
        resampled.push(
          resampleTrack(ship, { stepSeconds, maxGapSeconds: options.maxGapSeconds ?? 3600 }),
        );
    }
  }
  if (kinds.has("encounter"))
    events.push(...detectEncounters({ tracks: resampled }, ports, options.encounter));
  if (kinds.has("identity")) events.push(...detectFlagChanges(identities));
  return events.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
}

/** What loitering measures "from shore" against; the coastline is read only when it is needed. */
function shoreFor(
  kinds: ReadonlySet<EventKind>,
  ports: PortIndex,
  points: readonly Port[] | undefined,
): ShoreDistance {
  if (points !== undefined) return new PortIndex(points);
  return kinds.has("loitering") ? nearestOf([worldCoastline(), ports]) : ports;
}
