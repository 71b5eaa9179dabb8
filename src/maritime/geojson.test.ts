import { describe, expect, it } from "vitest";
import { sail, T0 } from "./detectors/constructed.js";
import { nameVessels } from "./events.js";
import { eventFeature, toFeatureCollection, trackFeature } from "./geojson.js";

describe("GeoJSON", () => {
  const track = sail(445000001, [
    { fromHour: 0, toHour: 2, lat: 38.5, lon: 124.3, north: 10, every: 600 },
    { fromHour: 20, toHour: 21, lat: 38.9, lon: 124.5, every: 600 },
  ]);

  it("draws a track as lines in [lon, lat], broken at a silence, not across it", () => {
    const feature = trackFeature(track);
    expect(feature.geometry?.type).toBe("MultiLineString");
    const lines = feature.geometry?.coordinates as unknown as number[][][];
    expect(lines).toHaveLength(2);
    expect(lines[0]?.[0]).toEqual([124.3, 38.5]);
    expect(lines[0]).toHaveLength(13);
    expect(feature.properties).toMatchObject({
      mmsi: "445000001",
      positions: 20,
      start: "2024-03-01T00:00:00Z",
    });
  });

  it("thins a long track to maxPoints, keeping its last position", () => {
    const lines = trackFeature(track, { maxPoints: 5 }).geometry
      ?.coordinates as unknown as number[][][];
    const points = lines.flat();
    expect(points.length).toBeLessThanOrEqual(6);
    expect(points.at(-1)).toEqual([124.5, 38.9]);
  });

  it("makes an event a Point with its line's fields", () => {
    const [event] = nameVessels(
      [
        {
          kind: "gap",
          vessels: [445000001],
          start: T0 + 7200,
          end: T0 + 72000,
          lat: 38.8,
          lon: 124.3,
          details: { hours: 18.9 },
        },
      ],
      [],
      () => "KP",
    );
    const feature = eventFeature(event as never);
    expect(feature.geometry).toEqual({ type: "Point", coordinates: [124.3, 38.8] });
    expect(feature.properties).toMatchObject({ kind: "gap", vessels: ["445000001"], hours: 18.9 });
    expect(toFeatureCollection([track], [event as never]).features).toHaveLength(2);
  });
});
