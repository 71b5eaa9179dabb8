import { createHash, randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { NotFound } from "../model/index.js";
import { appendAudit, type Context, type Database } from "../store/index.js";
import type { DetailValue, EventKind, MaritimeEvent } from "./detectors/event.js";
import { isoOf } from "./geo.js";
import type { VesselIdentity } from "./track.js";

/** A vessel as an event names it: who it said it was when the event began, and who it is. */
export interface EventVessel {
  readonly mmsi: number;
  readonly imo: string | null;
  readonly name: string | null;
  /** ISO alpha-2 flag at the time (the MMSI's MID when the vessel sent no other). */
  readonly flag: string | null;
  /** The list entity (FtM Vessel) linking matched, if any. */
  readonly entityId: string | null;
  readonly matchMethod: "imo" | "name" | "mmsi" | null;
  readonly matchScore: number | null;
  readonly designated: boolean;
  /** The designated owner or manager, when the vessel itself is not designated. */
  readonly designatedVia: string | null;
}

/** An event with its stable id and its vessels named (and linked, when linking ran). */
export interface DescribedEvent extends MaritimeEvent {
  readonly id: string;
  readonly named: readonly EventVessel[];
  /** A vessel of the event is designated or owned/managed by a designated entity. */
  readonly flagged: boolean;
}

/** The stable id of an event: the same finding in two runs has the same id. */
export function eventId(event: MaritimeEvent): string {
  const key = [
    event.kind,
    event.vessels.join(","),
    Math.round(event.start),
    Math.round(event.end),
  ].join("|");
  return `mev-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

/**
 * Names each event's vessels as they identified themselves at the event's start (the identity
 * span covering it, else the nearest one), with the flag of the span or of the MMSI's MID.
 */
export function nameVessels(
  events: readonly MaritimeEvent[],
  identities: readonly VesselIdentity[],
  flagOf: (mmsi: number) => string | null,
): DescribedEvent[] {
  const byMmsi = new Map<number, VesselIdentity[]>();
  for (const span of identities) {
    const list = byMmsi.get(span.mmsi);
    if (list === undefined) byMmsi.set(span.mmsi, [span]);
    else list.push(span);
  }
  return events.map((event) => ({
    ...event,
    id: eventId(event),
    flagged: false,
    named: event.vessels.map((mmsi): EventVessel => {
      const span = spanAt(byMmsi.get(mmsi) ?? [], event.start);
      return {
        mmsi,
        imo: span?.imo ?? null,
        name: span?.name ?? null,
        flag: span?.flag ?? flagOf(mmsi),
        entityId: null,
        matchMethod: null,
        matchScore: null,
        designated: false,
        designatedVia: null,
      };
    }),
  }));
}

function spanAt(spans: readonly VesselIdentity[], t: number): VesselIdentity | undefined {
  let best: VesselIdentity | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const span of spans) {
    const distance = t < span.from ? span.from - t : t > span.to ? t - span.to : 0;
    if (distance < bestDistance) {
      best = span;
      bestDistance = distance;
    }
  }
  return best;
}

/** An event as one JSON line of `cordon ais detect --json`: the shape, details flat. */
export function eventLine(event: DescribedEvent): Record<string, unknown> {
  return {
    kind: event.kind,
    vessels: event.vessels.map(String),
    start: isoOf(event.start),
    end: isoOf(event.end),
    lat: Number.isFinite(event.lat) ? event.lat : null,
    lon: Number.isFinite(event.lon) ? event.lon : null,
    ...event.details,
    id: event.id,
    flagged: event.flagged,
    named: event.named.map((v) => ({
      mmsi: String(v.mmsi),
      imo: v.imo,
      name: v.name,
      flag: v.flag,
      ...(v.entityId === null
        ? {}
        : {
            entity: v.entityId,
            match: v.matchMethod,
            score: v.matchScore,
            designated: v.designated,
          }),
      ...(v.designatedVia === null ? {} : { designatedVia: v.designatedVia }),
    })),
  };
}

type Timestamp = import("kysely").ColumnType<Date, Date | string, Date | string>;

// A type alias, not an interface: Kysely's withTables wants an index-compatible record.
type MaritimeTables = {
  maritime_detection_run: {
    id: string;
    started_at: Timestamp;
    actor: string;
    kinds: string[];
    params: string;
    event_count: number;
  };
  maritime_event: {
    id: string;
    kind: string;
    start_at: Timestamp;
    end_at: Timestamp;
    lat: number | null;
    lon: number | null;
    details: string;
    flagged: boolean;
    run_id: string;
    first_detected_at: Timestamp;
    last_detected_at: Timestamp;
  };
  maritime_event_vessel: {
    event_id: string;
    position: number;
    mmsi: string | number;
    imo: string | null;
    name: string | null;
    flag: string | null;
    entity_id: string | null;
    match_method: string | null;
    match_score: number | null;
    designated: boolean;
    designated_via: string | null;
  };
};

type MaritimeDb = Kysely<Database & MaritimeTables>;

function maritimeDb(db: Kysely<Database>): MaritimeDb {
  return db.withTables<MaritimeTables>();
}

/** What a stored run was asked to find. */
export interface RunInfo {
  readonly kinds: readonly EventKind[];
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * Stores a run's events with their vessels in one transaction with its audit-log entry. An
 * event found before (same id) is updated, not duplicated. Returns the run id.
 */
export async function storeEvents(
  ctx: Context,
  events: readonly DescribedEvent[],
  run: RunInfo,
): Promise<string> {
  const runId = `mrun-${randomUUID()}`;
  const now = new Date();
  await maritimeDb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto("maritime_detection_run")
        .values({
          id: runId,
          started_at: now,
          actor: ctx.actor,
          kinds: [...run.kinds],
          params: JSON.stringify(run.params),
          event_count: events.length,
        })
        .execute();
      const CHUNK = 500;
      for (let i = 0; i < events.length; i += CHUNK) {
        const chunk = events.slice(i, i + CHUNK);
        await trx
          .insertInto("maritime_event")
          .values(
            chunk.map((e) => ({
              id: e.id,
              kind: e.kind,
              start_at: new Date(e.start * 1000),
              end_at: new Date(e.end * 1000),
              lat: Number.isFinite(e.lat) ? e.lat : null,
              lon: Number.isFinite(e.lon) ? e.lon : null,
              details: JSON.stringify(e.details),
              flagged: e.flagged,
              run_id: runId,
              first_detected_at: now,
              last_detected_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column("id").doUpdateSet({
              details: sql`excluded.details`,
              flagged: sql`excluded.flagged`,
              run_id: sql`excluded.run_id`,
              last_detected_at: sql`excluded.last_detected_at`,
            }),
          )
          .execute();
        await trx
          .deleteFrom("maritime_event_vessel")
          .where(
            "event_id",
            "in",
            chunk.map((e) => e.id),
          )
          .execute();
        const vessels = chunk.flatMap((e) =>
          e.named.map((v, position) => ({
            event_id: e.id,
            position,
            mmsi: v.mmsi,
            imo: v.imo,
            name: v.name,
            flag: v.flag,
            entity_id: v.entityId,
            match_method: v.matchMethod,
            match_score: v.matchScore,
            designated: v.designated,
            designated_via: v.designatedVia,
          })),
        );
        if (vessels.length > 0)
          await trx.insertInto("maritime_event_vessel").values(vessels).execute();
      }
      // The audit log is the store's table; the transaction also knows the maritime ones.
      await appendAudit(trx as unknown as Kysely<Database>, {
        actor: ctx.actor,
        action: "maritime.detect",
        subject: `maritime_detection_run:${runId}`,
        detail: {
          kinds: [...run.kinds],
          events: events.length,
          flagged: events.filter((e) => e.flagged).length,
        },
      });
    });
  return runId;
}

export interface EventFilter {
  readonly ids?: readonly string[];
  readonly kinds?: readonly EventKind[];
  /** Events overlapping [from, to] (epoch seconds). */
  readonly from?: number;
  readonly to?: number;
  readonly mmsi?: number;
  /** An entity id linking matched a vessel of the event to. */
  readonly entityId?: string;
  readonly flagged?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** Stored events, earliest first, with their vessels. */
export async function listEvents(
  ctx: Context,
  filter: EventFilter = {},
): Promise<DescribedEvent[]> {
  const db = maritimeDb(ctx.db);
  let query = db.selectFrom("maritime_event").selectAll();
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) return [];
    query = query.where("id", "in", [...filter.ids]);
  }
  if (filter.kinds !== undefined && filter.kinds.length > 0)
    query = query.where("kind", "in", [...filter.kinds]);
  if (filter.from !== undefined) query = query.where("end_at", ">=", new Date(filter.from * 1000));
  if (filter.to !== undefined) query = query.where("start_at", "<=", new Date(filter.to * 1000));
  if (filter.flagged !== undefined) query = query.where("flagged", "=", filter.flagged);
  if (filter.mmsi !== undefined) {
    const mmsi = filter.mmsi;
    query = query.where(
      "id",
      "in",
      db.selectFrom("maritime_event_vessel").select("event_id").where("mmsi", "=", mmsi),
    );
  }
  if (filter.entityId !== undefined) {
    const entity = filter.entityId;
    query = query.where(
      "id",
      "in",
      db.selectFrom("maritime_event_vessel").select("event_id").where("entity_id", "=", entity),
    );
  }
  const rows = await query
    .orderBy("start_at")
    .orderBy("id")
    .limit(filter.limit ?? 1000)
    .offset(filter.offset ?? 0)
    .execute();
  if (rows.length === 0) return [];
  const vessels = await db
    .selectFrom("maritime_event_vessel")
    .selectAll()
    .where(
      "event_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("event_id")
    .orderBy("position")
    .execute();
  const byEvent = new Map<string, EventVessel[]>();
  for (const v of vessels) {
    const list = byEvent.get(v.event_id) ?? [];
    byEvent.set(v.event_id, list);
    list.push({
      mmsi: Number(v.mmsi),
      imo: v.imo,
      name: v.name,
      flag: v.flag,
      entityId: v.entity_id,
      matchMethod: v.match_method as EventVessel["matchMethod"],
      matchScore: v.match_score,
      designated: v.designated,
      designatedVia: v.designated_via,
    });
  }
  return rows.map((row) => {
    const named = byEvent.get(row.id) ?? [];
    const details = (
      typeof row.details === "string" ? JSON.parse(row.details) : row.details
    ) as Record<string, DetailValue>;
    return {
      id: row.id,
      kind: row.kind as EventKind,
      vessels: named.map((v) => v.mmsi),
      start: new Date(row.start_at).getTime() / 1000,
      end: new Date(row.end_at).getTime() / 1000,
      lat: row.lat ?? Number.NaN,
      lon: row.lon ?? Number.NaN,
      details,
      flagged: row.flagged,
      named,
    };
  });
}

/** One stored event; throws NotFound. */
export async function getEvent(ctx: Context, id: string): Promise<DescribedEvent> {
  const [found] = await listEvents(ctx, { ids: [id], limit: 1 });
  if (found === undefined) throw new NotFound("event_not_found", `no maritime event ${id}`);
  return found;
}
