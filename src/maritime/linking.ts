import type { FtmEntity } from "../lists/index.js";
import { NotFound } from "../model/index.js";
import type { ScoredEntityBody, ScreeningQuery } from "../screening/index.js";
import type { Context } from "../store/index.js";
import type { DescribedEvent, EventVessel } from "./events.js";

/** Who a vessel of the events is on the lists, as linking found it. */
export interface VesselLink {
  readonly entityId: string;
  readonly method: "imo" | "name" | "mmsi";
  readonly score: number;
  readonly designated: boolean;
  readonly designatedVia: string | null;
}

interface Named {
  readonly mmsi: number;
  readonly imo: string | null;
  readonly name: string | null;
}

/** Digits of an IMO number as lists write it ("IMO 8712362", "8712362"). */
function imoDigits(value: string | null | undefined): string | null {
  const digits = (value ?? "").replace(/\D/g, "");
  return digits.length === 7 ? digits : null;
}

function keyOf(v: Named): string {
  return `${v.mmsi}|${imoDigits(v.imo) ?? ""}|${(v.name ?? "").trim().toUpperCase()}`;
}

/**
 * Matches vessels to list entities: by IMO number exactly (unique per hull, so it outranks
 * everything), else by MMSI exactly, else by name through screening (a match at the
 * algorithm's threshold). Each match says whether the entity is designated, or owned or
 * managed by a designated entity. Vessels with no match are absent from the map.
 */
export async function linkVessels(
  ctx: Context,
  vessels: readonly Named[],
): Promise<Map<string, VesselLink>> {
  const queries: Record<string, ScreeningQuery> = {};
  for (const v of vessels) {
    const key = keyOf(v);
    if (queries[key] !== undefined) continue;
    const properties: Record<string, string[]> = { mmsi: [String(v.mmsi)] };
    const imo = imoDigits(v.imo);
    if (imo !== null) properties.imoNumber = [`IMO${imo}`];
    if (v.name !== null && v.name.trim() !== "") properties.name = [v.name.trim()];
    queries[key] = { schema: "Vessel", properties };
  }
  const links = new Map<string, VesselLink>();
  if (Object.keys(queries).length === 0) return links;
  // Screening and the lists load here, not with this module: `ais detect --no-link` never links.
  const { screenBatch } = await import("../screening/index.js");
  const batch = await screenBatch(ctx, queries, { limit: 5 });
  const designation = new Map<string, Promise<{ designated: boolean; via: string | null }>>();
  for (const v of vessels) {
    const key = keyOf(v);
    if (links.has(key)) continue;
    const results = batch.responses[key]?.results ?? [];
    const chosen = chooseMatch(v, results);
    if (chosen === undefined) continue;
    let status = designation.get(chosen.result.id);
    if (status === undefined) {
      status = designationOf(ctx, chosen.result);
      designation.set(chosen.result.id, status);
    }
    const { designated, via } = await status;
    links.set(key, {
      entityId: chosen.result.id,
      method: chosen.method,
      score: chosen.method === "name" ? chosen.result.score : 1,
      designated,
      designatedVia: via,
    });
  }
  return links;
}

function chooseMatch(
  v: Named,
  results: readonly ScoredEntityBody[],
): { result: ScoredEntityBody; method: VesselLink["method"] } | undefined {
  const imo = imoDigits(v.imo);
  const vessels = results.filter((r) => r.schema === "Vessel");
  if (imo !== null) {
    const byImo = vessels.find((r) =>
      (r.properties.imoNumber ?? []).some((x) => imoDigits(x) === imo),
    );
    if (byImo !== undefined) return { result: byImo, method: "imo" };
  }
  const byMmsi = vessels.find((r) => (r.properties.mmsi ?? []).includes(String(v.mmsi)));
  if (byMmsi !== undefined) return { result: byMmsi, method: "mmsi" };
  // A name alone links only when the IMO numbers do not contradict it.
  const byName = vessels.find(
    (r) =>
      r.match &&
      (imo === null ||
        (r.properties.imoNumber ?? []).length === 0 ||
        (r.properties.imoNumber ?? []).some((x) => imoDigits(x) === imo)),
  );
  return byName === undefined ? undefined : { result: byName, method: "name" };
}

/** Whether a list entity is designated itself, or through an owner or operator that is. */
async function designationOf(
  ctx: Context,
  result: ScoredEntityBody,
): Promise<{ designated: boolean; via: string | null }> {
  const { getEntity } = await import("../lists/index.js");
  let entity: FtmEntity;
  try {
    entity = await getEntity(ctx, result.id);
  } catch (error) {
    if (error instanceof NotFound) return { designated: result.target, via: null };
    throw error;
  }
  if (result.target || isDesignated(entity)) return { designated: true, via: null };
  for (const ownerId of controllers(entity)) {
    try {
      if (isDesignated(await getEntity(ctx, ownerId))) return { designated: true, via: ownerId };
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
  }
  return { designated: false, via: null };
}

/** The ids of who owns or operates a vessel: its owner/operator, and owners of its Ownerships. */
function controllers(entity: FtmEntity): string[] {
  const ids: string[] = [];
  const idOf = (v: string | FtmEntity) => (typeof v === "string" ? v : v.id);
  for (const prop of ["owner", "operator"])
    for (const v of entity.properties[prop] ?? []) ids.push(idOf(v));
  for (const link of entity.properties.ownershipAsset ?? []) {
    if (typeof link === "string") continue;
    for (const v of link.properties.owner ?? []) ids.push(idOf(v));
  }
  return [...new Set(ids)].filter((id) => id !== entity.id);
}

function isDesignated(entity: FtmEntity): boolean {
  const topics = (entity.properties.topics ?? []).filter((t): t is string => typeof t === "string");
  return (
    topics.some((t) => t === "sanction" || t.startsWith("sanction.")) ||
    (entity.properties.sanctions ?? []).length > 0
  );
}

/**
 * Links the vessels of each event and flags the events in which a vessel is designated, or
 * owned or managed by a designated entity.
 */
export async function linkEvents(
  ctx: Context,
  events: readonly DescribedEvent[],
): Promise<DescribedEvent[]> {
  const links = await linkVessels(
    ctx,
    events.flatMap((e) => e.named),
  );
  return events.map((event) => {
    const named = event.named.map((v): EventVessel => {
      const link = links.get(keyOf(v));
      return link === undefined
        ? v
        : {
            ...v,
            entityId: link.entityId,
            matchMethod: link.method,
            matchScore: link.score,
            designated: link.designated,
            designatedVia: link.designatedVia,
          };
    });
    return { ...event, named, flagged: named.some((v) => v.designated) };
  });
}
