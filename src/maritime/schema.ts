import { z } from "zod";
import { EVENT_KINDS, type EventKind } from "./detectors/event.js";

/** The shapes the maritime API reads and writes (one schema: validation, serialization, OpenAPI). */

const Kind = z.enum(EVENT_KINDS as [EventKind, ...EventKind[]]);

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "not a date or ISO time")
  .meta({ description: "A date (UTC) or ISO 8601 time", example: "2024-03-01" });

export const EventsQuery = z.object({
  kind: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === "" ? undefined : s.split(",")))
    .pipe(z.array(Kind).optional())
    .meta({ description: `Comma-separated kinds: ${EVENT_KINDS.join(", ")}` }),
  from: isoDate.optional().meta({ description: "Events ending on or after" }),
  to: isoDate.optional().meta({ description: "Events starting on or before" }),
  mmsi: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: "Events naming this MMSI" }),
  entity: z
    .string()
    .optional()
    .meta({ description: "Events whose vessel was linked to this list entity" }),
  flagged: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true"))
    .meta({ description: "Only events with (true) or without (false) a designated vessel" }),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  format: z.enum(["json", "html"]).optional(),
});

export const EventVesselBody = z.object({
  mmsi: z.string(),
  imo: z.string().nullable(),
  name: z.string().nullable(),
  flag: z.string().nullable().meta({ description: "ISO 3166-1 alpha-2, at the time of the event" }),
  entity: z.string().nullable().meta({ description: "The list entity linking matched" }),
  match: z.enum(["imo", "name", "mmsi"]).nullable(),
  score: z.number().nullable(),
  designated: z.boolean(),
  designated_via: z.string().nullable().meta({ description: "The designated owner or manager" }),
});

export const EventBody = z
  .object({
    id: z.string(),
    kind: Kind,
    vessels: z.array(z.string()).meta({ description: "MMSIs" }),
    start: z.string(),
    end: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    flagged: z.boolean(),
    named: z.array(EventVesselBody),
  })
  .meta({
    description: "A detector's finding: who, when, where, and the figures that made it fire",
  });

export const EventsResponse = z.object({
  events: z.array(EventBody),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const EventParams = z.object({ id: z.string().min(1) });

export const VesselParams = z.object({
  id: z
    .string()
    .regex(/^\d{7,9}$/, "an MMSI (9 digits) or IMO number (7)")
    .meta({ description: "An MMSI, or an IMO number (the MMSIs that reported it)" }),
});

export const TrackQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  max_points: z.coerce.number().int().min(2).max(100_000).default(5000),
  format: z.enum(["json", "html"]).optional(),
});

const Position = z.tuple([z.number(), z.number()]);

export const GeoJsonFeature = z.object({
  type: z.literal("Feature"),
  id: z.string().optional(),
  geometry: z
    .union([
      z.object({ type: z.literal("Point"), coordinates: Position }),
      z.object({ type: z.literal("LineString"), coordinates: z.array(Position) }),
      z.object({ type: z.literal("MultiLineString"), coordinates: z.array(z.array(Position)) }),
    ])
    .nullable(),
  properties: z.record(z.string(), z.unknown()),
});

export const GeoJsonCollection = z
  .object({ type: z.literal("FeatureCollection"), features: z.array(GeoJsonFeature) })
  .meta({
    description:
      "GeoJSON (RFC 7946): the track as a MultiLineString broken at gaps, and its events as Points",
  });
