import { z } from "zod";
import { MarkingInput } from "../access/marking.js";
import type { Principal } from "../access/principal.js";
import type { Context } from "../store/index.js";
import { openIncident } from "./incidents.js";
import type { IncidentBody, Typology } from "./schema.js";

/**
 * What a detector found (maritime: an STS encounter, a dark gap, a port call; chain: a
 * trace to a mixer or an OTC desk), as the detectors hand it over to become a lead.
 */
export const DetectorEvent = z.object({
  source: z.enum(["maritime", "chain"]),
  kind: z.string().min(1).max(100),
  summary: z.string().min(1).max(5000),
  time: z.iso.datetime({ offset: true }),
  end_time: z.iso.datetime({ offset: true }).optional(),
  place: z
    .object({
      name: z.string().max(300).default(""),
      latitude: z.number().min(-90).max(90).optional(),
      longitude: z.number().min(-180).max(180).optional(),
    })
    .default({ name: "" }),
  vessels: z.array(z.string().max(100)).max(100).default([]),
  addresses: z.array(z.string().max(200)).max(1000).default([]),
  /** Entity-store ids the detector resolved the vessels or addresses to, if any. */
  entity_ids: z.array(z.string()).max(100).default([]),
  payload: z.record(z.string(), z.unknown()).default({}),
  marking: MarkingInput.default({ tlp: "AMBER", releasable_to: [], recipients: [] }),
});
export type DetectorEvent = z.input<typeof DetectorEvent>;

/** The typology a detector's event kind suggests; the analyst may change it later. */
function typologyOf(source: "maritime" | "chain", kind: string): Typology {
  if (source === "chain") return /theft|hack|exploit/i.test(kind) ? "crypto_theft" : "laundering";
  if (/sts|ship.to.ship|encounter|rendezvous/i.test(kind)) return "refined_petroleum_sts";
  if (/port|coal/i.test(kind)) return "prohibited_exports";
  return "other";
}

/**
 * Opens a lead from a detector event: the event's time, place and summary become the
 * incident's, its vessels and addresses and payload are kept verbatim as the source event,
 * and entity ids it resolved are linked (checked against the entity store).
 */
export async function promoteEventToLead(
  ctx: Context,
  principal: Principal,
  event: DetectorEvent,
): Promise<IncidentBody> {
  const parsed = DetectorEvent.parse(event);
  return openIncident(
    ctx,
    principal,
    {
      title: `${parsed.source} ${parsed.kind}: ${parsed.summary}`.slice(0, 300),
      typology: typologyOf(parsed.source, parsed.kind),
      summary: parsed.summary,
      resolution_paragraphs: [],
      occurred_from: parsed.time,
      ...(parsed.end_time === undefined ? {} : { occurred_to: parsed.end_time }),
      place_name: parsed.place.name,
      ...(parsed.place.latitude === undefined ? {} : { latitude: parsed.place.latitude }),
      ...(parsed.place.longitude === undefined ? {} : { longitude: parsed.place.longitude }),
      entities: parsed.entity_ids.map((id) => ({ id, role: "detected" })),
      evidence_ids: [],
      estimates: [],
      marking: parsed.marking,
    },
    {
      source: parsed.source,
      kind: parsed.kind,
      time: parsed.time,
      vessels: parsed.vessels,
      addresses: parsed.addresses,
      payload: parsed.payload,
    },
  );
}
