/** What the detectors find. */
export type EventKind = "encounter" | "loitering" | "gap" | "port-call" | "identity";

export const EVENT_KINDS: readonly EventKind[] = [
  "encounter",
  "loitering",
  "gap",
  "port-call",
  "identity",
];

/** A detail value: what an event line and the stored row can carry as JSON. */
export type DetailValue = string | number | boolean | null;

/**
 * One finding of a detector: which vessels (MMSI), when (epoch seconds), where (the event's
 * representative position: an encounter's mean, the position a vessel went dark at...) and
 * the figures that made it fire, so an analyst can check the rule against the track.
 */
export interface MaritimeEvent {
  readonly kind: EventKind;
  readonly vessels: readonly number[];
  readonly start: number;
  readonly end: number;
  readonly lat: number;
  readonly lon: number;
  readonly details: Readonly<Record<string, DetailValue>>;
}

/** Rounds to `digits` decimals, for figures that are printed and compared. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
