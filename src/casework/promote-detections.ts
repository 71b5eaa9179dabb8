import type { MarkingInput } from "../access/marking.js";
import type { Principal } from "../access/principal.js";
import { getTrace, type TraceResult } from "../chain/index.js";
import { type DescribedEvent, getEvent } from "../maritime/index.js";
import type { Context } from "../store/index.js";
import { addEvidenceRecord } from "./evidence.js";
import { attachEvidence } from "./incidents.js";
import { type DetectorEvent, promoteEventToLead } from "./promote.js";
import type { EvidenceBody, IncidentBody } from "./schema.js";

/** How the analyst grades and marks a detector's output when it becomes evidence. */
export interface DetectionGrading {
  readonly marking?: MarkingInput;
  /** A detector's own output: the source is the data it ran on, graded by the analyst. */
  readonly reliability?: "A" | "B" | "C" | "D" | "E" | "F";
  readonly credibility?: number;
}

const DEFAULT_MARKING: MarkingInput = { tlp: "AMBER", releasable_to: [], recipients: [] };

/**
 * Opens a lead from a stored maritime event (an STS encounter, a dark gap, a port call, an
 * identity problem) and attaches the event, with the vessels as they were named at the time,
 * as an `ais_track` evidence record, so the lead keeps what the detector saw.
 */
export async function promoteMaritimeEvent(
  ctx: Context,
  principal: Principal,
  eventId: string,
  grading: DetectionGrading = {},
): Promise<IncidentBody> {
  const event = await getEvent(ctx, eventId);
  const evidence = await addEvidenceRecord(ctx, principal, {
    kind: "ais_track",
    title: `${event.kind} ${describeVessels(event)}`.slice(0, 300),
    description: `Detector event ${event.id}, as Cordon's ${event.kind} detector found it in the stored AIS positions.`,
    collected_at: new Date(event.end * 1000).toISOString(),
    reliability: grading.reliability ?? "C",
    credibility: grading.credibility ?? 3,
    marking: grading.marking ?? DEFAULT_MARKING,
    record: { event },
  });
  const lead = await promoteEventToLead(ctx, principal, maritimeLead(event, grading));
  return attachEvidence(ctx, principal, lead.id, [evidence.id]);
}

/** Saves a stored trace as a `transaction_trace` evidence record (the whole trace, verbatim). */
export async function saveTraceAsEvidence(
  ctx: Context,
  principal: Principal,
  traceId: string,
  grading: DetectionGrading = {},
): Promise<EvidenceBody> {
  const trace = await getTrace(ctx, traceId);
  return addEvidenceRecord(ctx, principal, {
    kind: "transaction_trace",
    title: `${trace.summary.method} trace from ${trace.summary.seeds.length} seed address(es): ${trace.summary.reached} addresses reached`,
    description: `Trace ${trace.summary.id}; services reached: ${servicesOf(trace) || "none"}.`,
    collected_at: new Date().toISOString(),
    reliability: grading.reliability ?? "C",
    credibility: grading.credibility ?? 3,
    marking: grading.marking ?? DEFAULT_MARKING,
    record: { trace },
  });
}

/** Saves a trace as evidence and opens a laundering lead with it attached. */
export async function promoteTrace(
  ctx: Context,
  principal: Principal,
  traceId: string,
  grading: DetectionGrading = {},
): Promise<IncidentBody> {
  const evidence = await saveTraceAsEvidence(ctx, principal, traceId, grading);
  const trace = await getTrace(ctx, traceId);
  const lead = await promoteEventToLead(ctx, principal, traceLead(trace, grading));
  return attachEvidence(ctx, principal, lead.id, [evidence.id]);
}

function maritimeLead(event: DescribedEvent, grading: DetectionGrading): DetectorEvent {
  const port = typeof event.details.port === "string" ? event.details.port : undefined;
  return {
    source: "maritime",
    kind: event.kind,
    summary: `${event.kind} of ${describeVessels(event)}${port === undefined ? "" : ` at ${port}`}${event.flagged ? " (a designated vessel, or one owned or managed by a designated entity)" : ""}`,
    time: new Date(event.start * 1000).toISOString(),
    end_time: new Date(event.end * 1000).toISOString(),
    place: { name: port ?? "", latitude: event.lat, longitude: event.lon },
    vessels: event.named.map((v) => String(v.mmsi)),
    entity_ids: event.named.flatMap((v) => (v.entityId === null ? [] : [v.entityId])),
    payload: { event_id: event.id, details: event.details },
    marking: grading.marking ?? DEFAULT_MARKING,
  };
}

function traceLead(trace: TraceResult, grading: DetectionGrading): DetectorEvent {
  const s = trace.summary;
  return {
    source: "chain",
    kind: "trace",
    summary: `${s.method} trace from ${s.seeds.join(", ")}: ${s.reached} addresses reached; services: ${servicesOf(trace) || "none"}; designated: ${s.designated.length}`,
    time: firstSeenOf(trace),
    place: { name: "" },
    addresses: s.seeds.slice(0, 1000),
    payload: { trace_id: s.id, by_hops: s.by_hops, services: s.services },
    marking: grading.marking ?? DEFAULT_MARKING,
  };
}

function describeVessels(event: DescribedEvent): string {
  return event.named
    .map(
      (v) =>
        `${v.name ?? "unnamed"} (MMSI ${v.mmsi}${v.imo === null ? "" : `, IMO ${v.imo}`}${v.flag === null ? "" : `, ${v.flag}`})`,
    )
    .join(" and ");
}

function servicesOf(trace: TraceResult): string {
  return trace.summary.services
    .map((s) => `${s.label} (${s.category}) ${s.tainted} ${s.asset}`)
    .join("; ");
}

/** When the traced funds were first seen: the earliest first_seen among the reached addresses. */
function firstSeenOf(trace: TraceResult): string {
  let first: string | undefined;
  for (const a of trace.addresses)
    if (first === undefined || a.first_seen < first) first = a.first_seen;
  return first ?? new Date().toISOString();
}
