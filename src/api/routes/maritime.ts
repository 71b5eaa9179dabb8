import {
  type DescribedEvent,
  EventBody,
  EventParams,
  EventsQuery,
  EventsResponse,
  eventFeature,
  GeoJsonCollection,
  getEvent,
  listEvents,
  readIdentities,
  readTracks,
  TrackQuery,
  trackFeature,
  VesselParams,
  type VesselTrack,
} from "../../maritime/index.js";
import { NotFound } from "../../model/index.js";
import { requirePrincipal } from "../auth.js";
import type { Context } from "../context.js";
import { sendHtml, wantsHtml } from "../pages/html.js";
import { maritimeEventsPage, vesselTrackPage } from "../pages/maritime.js";
import { ErrorBody } from "../schema.js";
import type { App } from "../zod-schema.js";

const seconds = (iso: string | undefined) =>
  iso === undefined ? undefined : Date.parse(iso) / 1000;

/** A stored event as the API writes it (ISO times, MMSIs as strings). */
function presentEvent(e: DescribedEvent) {
  return {
    id: e.id,
    kind: e.kind,
    vessels: e.vessels.map(String),
    start: new Date(e.start * 1000).toISOString(),
    end: new Date(e.end * 1000).toISOString(),
    lat: Number.isFinite(e.lat) ? e.lat : null,
    lon: Number.isFinite(e.lon) ? e.lon : null,
    details: { ...e.details },
    flagged: e.flagged,
    named: e.named.map((v) => ({
      mmsi: String(v.mmsi),
      imo: v.imo,
      name: v.name,
      flag: v.flag,
      entity: v.entityId,
      match: v.matchMethod,
      score: v.matchScore,
      designated: v.designated,
      designated_via: v.designatedVia,
    })),
  };
}

/**
 * `GET /maritime/events`, `/maritime/events/{id}`, `/maritime/vessels/{id}/track`, and their
 * pages, for signed-in members: which vessels are watched, and what was found, is the
 * monitors' work, not public.
 */
export function registerMaritimeRoutes(app: App, ctx: Context): void {
  app.get(
    "/maritime/events",
    {
      schema: {
        summary:
          "Detected events: encounters (STS), loitering, AIS gaps, port calls, identity problems",
        description:
          "Stored by `cordon ais detect --store`, earliest first, each with its vessels as they identified themselves at the time and the list entity they were linked to. A browser gets the page.",
        tags: ["maritime"],
        querystring: EventsQuery,
        response: { 200: EventsResponse, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      requirePrincipal(request);
      const q = request.query;
      const from = seconds(q.from);
      const to = seconds(q.to);
      const events = await listEvents(ctx, {
        ...(q.kind === undefined ? {} : { kinds: q.kind }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(q.mmsi === undefined ? {} : { mmsi: q.mmsi }),
        ...(q.entity === undefined ? {} : { entityId: q.entity }),
        ...(q.flagged === undefined ? {} : { flagged: q.flagged }),
        limit: q.limit,
        offset: q.offset,
      });
      if (q.format === "html" || (q.format === undefined && wantsHtml(request)))
        return sendHtml(
          reply,
          maritimeEventsPage(events, { kinds: q.kind ?? [], flagged: q.flagged === true }),
        );
      return { events: events.map(presentEvent), limit: q.limit, offset: q.offset };
    },
  );

  app.get(
    "/maritime/events/:id",
    {
      schema: {
        summary: "One detected event",
        tags: ["maritime"],
        params: EventParams,
        response: { 200: EventBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      requirePrincipal(request);
      return presentEvent(await getEvent(ctx, request.params.id));
    },
  );

  app.get(
    "/maritime/vessels/:id/track",
    {
      schema: {
        summary: "A vessel's track and events as GeoJSON",
        description:
          "The id is an MMSI, or an IMO number (every MMSI that reported it). The track is a MultiLineString broken at silences over an hour, thinned to max_points; events are Points. A browser gets the track drawn as SVG.",
        tags: ["maritime"],
        params: VesselParams,
        querystring: TrackQuery,
        response: { 200: GeoJsonCollection, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      requirePrincipal(request);
      const { id } = request.params;
      const from = seconds(request.query.from);
      const to = seconds(request.query.to);
      const mmsis =
        id.length === 9
          ? [Number(id)]
          : [
              ...new Set(
                (await readIdentities(ctx))
                  .filter((s) => (s.imo ?? "").replace(/\D/g, "") === id)
                  .map((s) => s.mmsi),
              ),
            ];
      const tracks: VesselTrack[] = [];
      if (mmsis.length > 0)
        for await (const track of readTracks(ctx, {
          mmsi: mmsis,
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
        }))
          tracks.push(track);
      if (tracks.length === 0)
        throw new NotFound("vessel_not_found", `no positions of vessel ${id}`);
      const events = (
        await Promise.all(
          mmsis.map((mmsi) =>
            listEvents(ctx, {
              mmsi,
              ...(from === undefined ? {} : { from }),
              ...(to === undefined ? {} : { to }),
              limit: 5000,
            }),
          ),
        )
      ).flat();
      const features = [
        ...tracks.map((t) => trackFeature(t, { maxPoints: request.query.max_points })),
        ...events.map(eventFeature),
      ];
      if (
        request.query.format === "html" ||
        (request.query.format === undefined && wantsHtml(request))
      )
        return sendHtml(reply, vesselTrackPage(id, tracks, events));
      // Parsed once here: the features are readonly tuples, the schema's type is mutable.
      return GeoJsonCollection.parse({ type: "FeatureCollection", features });
    },
  );

  app.get(
    "/ui/maritime",
    { schema: { hide: true, querystring: EventsQuery } },
    async (request, reply) => {
      requirePrincipal(request);
      const q = request.query;
      const events = await listEvents(ctx, {
        ...(q.kind === undefined ? {} : { kinds: q.kind }),
        ...(q.flagged === undefined ? {} : { flagged: q.flagged }),
        limit: q.limit,
        offset: q.offset,
      });
      return sendHtml(
        reply,
        maritimeEventsPage(events, { kinds: q.kind ?? [], flagged: q.flagged === true }),
      );
    },
  );
}
