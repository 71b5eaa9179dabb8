import type { Context } from "../store/index.js";
import { type DetectOptions, detectEvents } from "./detectors/detect-events.js";
import { EVENT_KINDS } from "./detectors/event.js";
import { type DescribedEvent, nameVessels, storeEvents } from "./events.js";
import { readIdentities } from "./identity.js";
import { linkEvents } from "./linking.js";
import { flagOfMmsi } from "./mid.js";
import { readTracks } from "./positions.js";

export interface DetectionRun {
  /** Only positions in this window (epoch seconds), only these vessels. */
  readonly from?: number;
  readonly to?: number;
  readonly mmsi?: readonly number[];
  /** Detector parameters, as `DetectOptions` takes them (kinds, ports, per-detector rules). */
  readonly detect?: Omit<DetectOptions, "flagOf">;
  /** Match the vessels against the designation lists (default true). */
  readonly link?: boolean;
  /** Store the events, linked to the list entities (default false). */
  readonly store?: boolean;
}

/**
 * The detection use case: every stored track through the detectors, each event's vessels
 * named as they identified themselves at the time, matched against the lists, and stored when
 * asked. Returns the events and, when stored, the run id.
 */
export async function runDetection(
  ctx: Context,
  run: DetectionRun = {},
): Promise<{ readonly events: DescribedEvent[]; readonly runId?: string }> {
  const identities = await readIdentities(ctx);
  const found = await detectEvents(
    readTracks(ctx, {
      ...(run.from === undefined ? {} : { from: run.from }),
      ...(run.to === undefined ? {} : { to: run.to }),
      ...(run.mmsi === undefined ? {} : { mmsi: run.mmsi }),
    }),
    identities,
    { ...run.detect, flagOf: flagOfMmsi },
  );
  let events = nameVessels(found, identities, flagOfMmsi);
  if (run.link !== false) events = await linkEvents(ctx, events);
  if (run.store !== true) return { events };
  const { kinds, ports, shore, ...params } = run.detect ?? {};
  const runId = await storeEvents(ctx, events, { kinds: kinds ?? [...EVENT_KINDS], params });
  return { events, runId };
}
