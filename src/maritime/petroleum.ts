import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { getEntity } from "../lists/index.js";
import { Invalid, NotFound } from "../model/index.js";
import type { Context } from "../store/index.js";
import { type DescribedEvent, listEvents } from "./events.js";
import { isoOf } from "./geo.js";
import { PORTS_OF_INTEREST } from "./ports.js";

/** UNSCR 2397 (2017), paragraph 5: refined petroleum to the DPRK, barrels a year. */
export const REFINED_PETROLEUM_CAP = 500_000;
/** Barrels per tonne of deadweight the Panel used for refined products (about 7.5). */
export const BARRELS_PER_TONNE = 7.5;
/** The laden fractions of the Panel's scenarios: a third, half, 90 percent. */
export const LADEN_FRACTIONS: readonly number[] = [1 / 3, 1 / 2, 0.9];

/** A vessel's deadweight, and where that figure came from. */
export interface Deadweight {
  readonly tonnes: number;
  readonly source: string;
}

/** One row of the vessel table an analyst imports: MMSI and/or IMO, deadweight, type. */
export interface VesselFacts {
  readonly mmsi: number | null;
  readonly imo: string | null;
  readonly deadweight: number | null;
  readonly shipType: number | null;
  readonly source: string;
}

export interface PetroleumOptions {
  readonly year: number;
  readonly barrelsPerTonne?: number;
  readonly ladenFractions?: readonly number[];
  readonly cap?: number;
  /** Supplier → barrels it reported to the 1718 Committee for the year. */
  readonly reported?: Readonly<Record<string, number>>;
  /** An STS encounter counts when the receiving tanker calls at a DPRK port within this (default 14 days). */
  readonly stsWindowDays?: number;
}

/** One estimated delivery, with every figure the estimate used, as the Panel's annex rows. */
export interface Delivery {
  readonly method: "port-call" | "sts-then-port-call";
  readonly mmsi: number;
  readonly imo: string | null;
  readonly name: string | null;
  readonly flag: string | null;
  readonly port: string;
  readonly arrival: string;
  readonly departure: string;
  readonly portCallEvent: string;
  /** The STS partner and event, when the oil came from a transfer at sea. */
  readonly sts: {
    readonly event: string;
    readonly partner: number;
    readonly partnerName: string | null;
    readonly at: string;
  } | null;
  readonly deadweightTonnes: number | null;
  readonly deadweightSource: string | null;
  /** Deadweight × barrels per tonne; null when the deadweight is not known. */
  readonly capacityBarrels: number | null;
  /** Barrels under each laden fraction, in the order of `ladenFractions`. */
  readonly barrels: readonly (number | null)[];
  readonly flagged: boolean;
}

export interface PetroleumEstimate {
  readonly year: number;
  readonly cap: number;
  readonly barrelsPerTonne: number;
  readonly ladenFractions: readonly number[];
  readonly deliveries: readonly Delivery[];
  /** Per laden fraction: total barrels and the share of the cap. */
  readonly scenarios: readonly {
    readonly fraction: number;
    readonly barrels: number;
    readonly shareOfCap: number;
  }[];
  readonly reported: Readonly<Record<string, number>>;
  readonly reportedTotal: number;
  /** Deliveries left out of the totals because no deadweight is known for the vessel. */
  readonly withoutDeadweight: number;
}

const DPRK_PORTS = new Set(PORTS_OF_INTEREST.filter((p) => p.country === "KP").map((p) => p.id));

/** AIS ship types 80–89 are tankers (ITU-R M.1371 table 53). */
function isTanker(shipType: number | null | undefined): boolean {
  return shipType !== null && shipType !== undefined && shipType >= 80 && shipType <= 89;
}

/**
 * Estimates refined-petroleum deliveries to DPRK ports in a year the way the Panel of Experts
 * did: each call of a tanker at a DPRK port is a delivery (its method "sts-then-port-call"
 * when the tanker met another tanker at sea in the days before), worth its deadweight ×
 * barrels per tonne × a laden fraction. A vessel that is not known as a tanker counts only
 * when an STS encounter with a tanker precedes its call. Totals set against the cap and
 * against what suppliers reported.
 */
export function estimateDeliveries(
  events: readonly DescribedEvent[],
  deadweightOf: (mmsi: number, imo: string | null) => Deadweight | null,
  shipTypeOf: (mmsi: number) => number | null,
  options: PetroleumOptions,
): PetroleumEstimate {
  const perTonne = options.barrelsPerTonne ?? BARRELS_PER_TONNE;
  const fractions = options.ladenFractions ?? LADEN_FRACTIONS;
  const cap = options.cap ?? REFINED_PETROLEUM_CAP;
  const window = (options.stsWindowDays ?? 14) * 86400;
  const yearStart = Date.UTC(options.year, 0, 1) / 1000;
  const yearEnd = Date.UTC(options.year + 1, 0, 1) / 1000;
  const encounters = events.filter((e) => e.kind === "encounter");
  const deliveries: Delivery[] = [];
  for (const call of events) {
    if (call.kind !== "port-call" || !DPRK_PORTS.has(String(call.details.portId))) continue;
    if (call.start < yearStart || call.start >= yearEnd) continue;
    // A call the data opens on shows no arrival, so no cargo brought in within the data.
    if (call.details.arrived === false) continue;
    const vessel = call.named[0];
    if (vessel === undefined) continue;
    const sts = encounters
      .filter(
        (e) =>
          e.vessels.includes(vessel.mmsi) && e.end <= call.start && call.start - e.end <= window,
      )
      .sort((a, b) => b.end - a.end)[0];
    const partner = sts?.named.find((v) => v.mmsi !== vessel.mmsi);
    const stsWithTanker =
      partner !== undefined &&
      (isTanker(shipTypeOf(partner.mmsi)) || isTanker(shipTypeOf(vessel.mmsi)));
    if (!isTanker(shipTypeOf(vessel.mmsi)) && !stsWithTanker) continue;
    const dwt = deadweightOf(vessel.mmsi, vessel.imo);
    const capacity = dwt === null ? null : dwt.tonnes * perTonne;
    deliveries.push({
      method: sts === undefined ? "port-call" : "sts-then-port-call",
      mmsi: vessel.mmsi,
      imo: vessel.imo,
      name: vessel.name,
      flag: vessel.flag,
      port: String(call.details.port),
      arrival: isoOf(call.start),
      departure: isoOf(call.end),
      portCallEvent: call.id,
      sts:
        sts === undefined || partner === undefined
          ? null
          : {
              event: sts.id,
              partner: partner.mmsi,
              partnerName: partner.name,
              at: isoOf(sts.start),
            },
      deadweightTonnes: dwt?.tonnes ?? null,
      deadweightSource: dwt?.source ?? null,
      capacityBarrels: capacity,
      barrels: fractions.map((f) => (capacity === null ? null : Math.round(capacity * f))),
      flagged: call.flagged || (sts?.flagged ?? false),
    });
  }
  deliveries.sort((a, b) => a.arrival.localeCompare(b.arrival));
  const reported = options.reported ?? {};
  return {
    year: options.year,
    cap,
    barrelsPerTonne: perTonne,
    ladenFractions: fractions,
    deliveries,
    scenarios: fractions.map((fraction, i) => {
      const barrels = deliveries.reduce((sum, d) => sum + (d.barrels[i] ?? 0), 0);
      return { fraction, barrels, shareOfCap: barrels / cap };
    }),
    reported,
    reportedTotal: Object.values(reported).reduce((a, b) => a + b, 0),
    withoutDeadweight: deliveries.filter((d) => d.deadweightTonnes === null).length,
  };
}

/**
 * Reads a vessel table (CSV with `mmsi` and/or `imo`, `deadweight_tonnes` or `dwt`, optional
 * `ship_type`), such as the demo's vessels.csv or a registry extract. Throws Invalid naming
 * the file, line and field of a bad row.
 */
export function readVesselTable(path: string): VesselFacts[] {
  const rows = parse(readFileSync(path, "utf8"), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  }) as Record<string, string>[];
  const header = Object.keys(rows[0] ?? {});
  const dwtColumn = ["deadweight_tonnes", "deadweight", "dwt"].find((c) => header.includes(c));
  if (rows.length > 0 && dwtColumn === undefined)
    throw new Invalid(
      "missing_column",
      `${path}: no deadweight column (deadweight_tonnes, deadweight or dwt)`,
      [{ file: path, line: 1, field: "deadweight_tonnes", message: "missing column" }],
    );
  if (rows.length > 0 && !header.includes("mmsi") && !header.includes("imo"))
    throw new Invalid("missing_column", `${path}: no mmsi or imo column`, [
      { file: path, line: 1, field: "mmsi", message: "missing column" },
    ]);
  return rows.map((row, i) => {
    const line = i + 2;
    const number = (field: string, value: string | undefined): number | null => {
      if (value === undefined || value.trim() === "") return null;
      const n = Number(value.replace(/,/g, ""));
      if (!Number.isFinite(n) || n < 0)
        throw new Invalid("bad_value", `${path}:${line}: ${field} is not a number`, [
          { file: path, line, field, message: "not a number", value },
        ]);
      return n;
    };
    const imo = (row.imo ?? "").replace(/\D/g, "");
    return {
      mmsi: number("mmsi", row.mmsi),
      imo: imo === "" ? null : imo,
      deadweight: number(dwtColumn ?? "deadweight_tonnes", row[dwtColumn ?? ""]),
      shipType: number("ship_type", row.ship_type),
      source: `${path}:${line}`,
    };
  });
}

export interface PetroleumRequest extends PetroleumOptions {
  /** The vessel table (deadweights, ship types); list data fills what it lacks. */
  readonly vessels?: readonly VesselFacts[];
}

/**
 * The estimate for a year from the stored events (`cordon ais detect --store` first). A
 * deadweight comes from the vessel table, else from the list entity linking matched
 * (`deadweightTonnage`, else `tonnage`); ship types from the table, else from the AIS
 * identities (`shipTypes`).
 */
export async function estimatePetroleum(
  ctx: Context,
  request: PetroleumRequest,
  shipTypes: ReadonlyMap<number, number> = new Map(),
): Promise<PetroleumEstimate> {
  const from = Date.UTC(request.year, 0, 1) / 1000 - (request.stsWindowDays ?? 14) * 86400;
  const to = Date.UTC(request.year + 1, 0, 1) / 1000;
  const events = await listEvents(ctx, {
    kinds: ["port-call", "encounter"],
    from,
    to,
    limit: 1_000_000,
  });
  const byMmsi = new Map<number, VesselFacts>();
  const byImo = new Map<string, VesselFacts>();
  for (const v of request.vessels ?? []) {
    if (v.mmsi !== null) byMmsi.set(v.mmsi, v);
    if (v.imo !== null) byImo.set(v.imo, v);
  }
  const listed = new Map<number, Deadweight>();
  for (const event of events)
    for (const v of event.named) {
      if (v.entityId === null || listed.has(v.mmsi)) continue;
      const tonnes = await listedDeadweight(ctx, v.entityId);
      if (tonnes !== null) listed.set(v.mmsi, tonnes);
    }
  const deadweightOf = (mmsi: number, imo: string | null): Deadweight | null => {
    const row = (imo === null ? undefined : byImo.get(imo.replace(/\D/g, ""))) ?? byMmsi.get(mmsi);
    if (row?.deadweight !== null && row?.deadweight !== undefined)
      return { tonnes: row.deadweight, source: `vessel table ${row.source}` };
    return listed.get(mmsi) ?? null;
  };
  const shipTypeOf = (mmsi: number) => byMmsi.get(mmsi)?.shipType ?? shipTypes.get(mmsi) ?? null;
  return estimateDeliveries(events, deadweightOf, shipTypeOf, request);
}

async function listedDeadweight(ctx: Context, entityId: string): Promise<Deadweight | null> {
  try {
    const entity = await getEntity(ctx, entityId);
    for (const prop of ["deadweightTonnage", "tonnage"]) {
      const value = entity.properties[prop]?.find((v): v is string => typeof v === "string");
      const tonnes = value === undefined ? Number.NaN : Number(value.replace(/[^\d.]/g, ""));
      if (Number.isFinite(tonnes) && tonnes > 0)
        return { tonnes, source: `list entity ${entityId} ${prop}` };
    }
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
  }
  return null;
}
