import { describe, expect, it } from "vitest";
import { Coastline, nearestOf, worldCoastline } from "./coastline.js";
import { KM_PER_NM } from "./geo.js";
import { PORTS_OF_INTEREST, PortIndex } from "./ports.js";

const TWENTY_NM = 20 * KM_PER_NM;

describe("the world coastline", () => {
  const coast = worldCoastline();

  it("puts the DPRK's ports on the shore and the middle of Korea Bay far from it", () => {
    expect(coast.nearestKm(38.717, 125.4, TWENTY_NM)).toBeLessThan(5); // Nampo
    expect(coast.nearestKm(42.233, 130.3, TWENTY_NM)).toBeLessThan(5); // Rajin
    expect(coast.nearestKm(38.5, 123.5, TWENTY_NM)).toBe(Number.POSITIVE_INFINITY);
    // Beyond the radius asked about nothing is measured; with a wider one, the islands off
    // the Liaodong peninsula are the nearest shore.
    expect(coast.nearestKm(38.5, 123.5, 300)).toBeGreaterThan(50);
    expect(coast.nearestKm(38.5, 123.5, 300)).toBeLessThan(80);
  });

  it("knows coasts without a listed port: 17 km off Busan is near the shore", () => {
    expect(new PortIndex(PORTS_OF_INTEREST).nearestKm(35.0, 129.2, TWENTY_NM)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(coast.nearestKm(35.0, 129.2, TWENTY_NM)).toBeGreaterThan(10);
    expect(coast.nearestKm(35.0, 129.2, TWENTY_NM)).toBeLessThan(25);
  });

  it("measures on the plane around the point, across the antimeridian too", () => {
    // A straight coast along the equator from 179.9°E to 179.9°W.
    // A straight coast along the equator from 179.9°E to 179.9°W (lat1, lon1, lat2, lon2).
    const line = new Coastline(Float64Array.of(0, 179.9, 0, -179.9));
    expect(line.nearestKm(0.1, 180, 50)).toBeCloseTo(11.12, 1);
    expect(line.nearestKm(0.1, -179.95, 50)).toBeCloseTo(11.12, 1);
    expect(line.nearestKm(1, 180, 50)).toBe(Number.POSITIVE_INFINITY);
  });

  it("takes the nearer of the coast and the ports", () => {
    const both = nearestOf([coast, new PortIndex(PORTS_OF_INTEREST)]);
    expect(both.nearestKm(38.717, 125.4, TWENTY_NM)).toBeLessThan(5);
    expect(both.nearestKm(38.5, 123.5, TWENTY_NM)).toBe(Number.POSITIVE_INFINITY);
  });
});
