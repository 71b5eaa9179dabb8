import { describe, expect, it } from "vitest";
import { distanceBoundKm, distanceKm } from "./geo.js";

/** A deterministic stream of numbers in [0, 1) (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("distanceBoundKm", () => {
  it("is never below the haversine distance, near and far, across the antimeridian and at the poles", () => {
    const next = random(7);
    for (let k = 0; k < 200_000; k++) {
      const lat1 = next() * 180 - 90;
      const lon1 = next() * 360 - 180;
      // Half the pairs a few kilometres apart (the case the bound is used for), half anywhere.
      const near = k % 2 === 0;
      const lat2 = near
        ? Math.max(-90, Math.min(90, lat1 + (next() - 0.5) * 0.1))
        : next() * 180 - 90;
      const lon2 = near ? lon1 + (next() - 0.5) * 0.1 : next() * 360 - 180;
      expect(distanceBoundKm(lat1, lon1, lat2, lon2)).toBeGreaterThanOrEqual(
        distanceKm(lat1, lon1, lat2, lon2),
      );
    }
  });

  it("is close to the distance along a meridian and short the way across the antimeridian", () => {
    expect(distanceBoundKm(38.7, 125.2, 38.71, 125.2)).toBeCloseTo(
      distanceKm(38.7, 125.2, 38.71, 125.2),
      6,
    );
    expect(distanceBoundKm(0, 179.99, 0, -179.99)).toBeCloseTo(2 * 1.112, 2);
  });
});
