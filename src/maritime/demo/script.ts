import { distanceKm, KM_PER_NM } from "../geo.js";

/** One step of a vessel's itinerary in the demo scenario. */
export type Step =
  /** Sail straight to a point at a speed (knots). */
  | { readonly kind: "goto"; readonly lat: number; readonly lon: number; readonly knots: number }
  /** Stay (drifting slowly on a heading) until a time, e.g. at anchor or alongside. */
  | {
      readonly kind: "hold";
      readonly until: number;
      readonly driftKnots: number;
      readonly driftCourse: number;
    }
  /** Transmit nothing until a time, sailing on to a point meanwhile. */
  | { readonly kind: "dark"; readonly until: number; readonly lat: number; readonly lon: number };

/** Where a vessel is at a time, and whether it transmits. */
export interface State {
  lat: number;
  lon: number;
  sog: number;
  cog: number;
  transmitting: boolean;
}

/** Seconds a vessel needs to sail from one point to another at `knots`. */
export function sailingSeconds(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  knots: number,
): number {
  return (distanceKm(lat1, lon1, lat2, lon2) / KM_PER_NM / knots) * 3600;
}

/** The course in degrees from one point to another (flat approximation, fine over a sea). */
export function courseTo(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dx = (lon2 - lon1) * Math.cos((lat1 * Math.PI) / 180);
  const dy = lat2 - lat1;
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/**
 * A vessel following its steps from a start point and time: `at(t)` for increasing times
 * gives its position (moving at constant speed along each leg), speed, course and whether it
 * transmits. After the last step it stays where it is.
 */
export class Itinerary {
  private index = 0;
  private legStart: number;
  private fromLat: number;
  private fromLon: number;
  private readonly state: State;

  constructor(
    private readonly steps: readonly Step[],
    start: number,
    lat: number,
    lon: number,
  ) {
    this.legStart = start;
    this.fromLat = lat;
    this.fromLon = lon;
    this.state = { lat, lon, sog: 0, cog: 0, transmitting: true };
  }

  at(t: number): State {
    for (;;) {
      const step = this.steps[this.index];
      if (step === undefined) {
        Object.assign(this.state, {
          lat: this.fromLat,
          lon: this.fromLon,
          sog: 0,
          transmitting: true,
        });
        return this.state;
      }
      const end = this.endOf(step);
      if (t < end) return this.place(step, t, end);
      this.finish(step, end);
    }
  }

  private endOf(step: Step): number {
    if (step.kind === "goto")
      return (
        this.legStart + sailingSeconds(this.fromLat, this.fromLon, step.lat, step.lon, step.knots)
      );
    return Math.max(this.legStart, step.until);
  }

  private place(step: Step, t: number, end: number): State {
    const f = end > this.legStart ? (t - this.legStart) / (end - this.legStart) : 1;
    const s = this.state;
    switch (step.kind) {
      case "goto":
        s.lat = this.fromLat + (step.lat - this.fromLat) * f;
        s.lon = this.fromLon + (step.lon - this.fromLon) * f;
        s.sog = step.knots;
        s.cog = courseTo(this.fromLat, this.fromLon, step.lat, step.lon);
        s.transmitting = true;
        return s;
      case "hold": {
        const km = (step.driftKnots * KM_PER_NM * (t - this.legStart)) / 3600;
        const rad = (step.driftCourse * Math.PI) / 180;
        s.lat = this.fromLat + (km * Math.cos(rad)) / 111.2;
        s.lon =
          this.fromLon + (km * Math.sin(rad)) / (111.2 * Math.cos((this.fromLat * Math.PI) / 180));
        s.sog = step.driftKnots;
        s.cog = step.driftCourse;
        s.transmitting = true;
        return s;
      }
      case "dark":
        s.lat = this.fromLat + (step.lat - this.fromLat) * f;
        s.lon = this.fromLon + (step.lon - this.fromLon) * f;
        s.transmitting = false;
        return s;
    }
  }

  private finish(step: Step, end: number): void {
    if (step.kind === "hold") {
      const moved = this.place(step, end, end);
      this.fromLat = moved.lat;
      this.fromLon = moved.lon;
    } else {
      this.fromLat = step.lat;
      this.fromLon = step.lon;
    }
    this.legStart = end;
    this.index++;
  }
}
