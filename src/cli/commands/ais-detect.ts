import type { Command } from "commander";
// The event kinds alone, for the options' help: the detectors load when `detect` runs.
import { EVENT_KINDS } from "../../maritime/detectors/event.js";
import type { DescribedEvent, DetectOptions, EventKind } from "../../maritime/index.js";
import { type Config, Invalid } from "../../model/index.js";
import { withContext } from "../context.js";
import type { Output } from "../output.js";
import { table } from "../output.js";

interface DetectCliOptions {
  readonly kinds?: string;
  readonly from?: string;
  readonly to?: string;
  readonly mmsi?: string[];
  readonly ports?: string;
  readonly param?: string[];
  readonly store?: boolean;
  readonly link?: boolean;
}

/** Parses "2024-03-01" or an ISO time into epoch seconds; throws Invalid naming the option. */
export function parseTime(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/T|Z|[+-]\d\d:\d\d$/.test(value) ? value : `${value}T00:00:00Z`);
  if (Number.isNaN(ms))
    throw new Invalid("usage", `${option} takes a date or ISO time, not "${value}"`, [
      { field: option, message: "not a date", value },
    ]);
  return ms / 1000;
}

/** "encounter,gap" → kinds; throws Invalid on an unknown one. */
export function parseKinds(value: string | undefined): EventKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = value
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  for (const kind of kinds)
    if (!(EVENT_KINDS as readonly string[]).includes(kind))
      throw new Invalid("usage", `unknown kind "${kind}" (kinds: ${EVENT_KINDS.join(", ")})`, [
        { field: "--kinds", message: "unknown kind", value: kind },
      ]);
  return kinds as EventKind[];
}

const PARAM_GROUPS = ["encounter", "loitering", "gap", "portCall", "identity"] as const;

/** "--param encounter.maxDistanceKm=0.3" → detector parameters; throws Invalid. */
export function parseParams(pairs: readonly string[] = []): Partial<DetectOptions> {
  const out: Record<string, Record<string, number>> = {};
  for (const pair of pairs) {
    const match = /^(\w+)\.(\w+)=(.+)$/.exec(pair.trim());
    const group = match?.[1] as (typeof PARAM_GROUPS)[number] | undefined;
    const value = Number(match?.[3]);
    if (
      match === null ||
      group === undefined ||
      !PARAM_GROUPS.includes(group) ||
      !Number.isFinite(value)
    )
      throw new Invalid(
        "usage",
        `--param takes detector.name=number (detector: ${PARAM_GROUPS.join(", ")}), not "${pair}"`,
        [{ field: "--param", message: "bad parameter", value: pair }],
      );
    out[group] = { ...(out[group] ?? {}), [match[2] as string]: value };
  }
  return out as Partial<DetectOptions>;
}

/** `cordon ais detect`: the detectors over the stored positions, one event per line with --json. */
export function registerAisDetectCommand(ais: Command, config: Config, output: () => Output): void {
  ais
    .command("detect")
    .description(
      "find encounters (STS), loitering, AIS gaps, port calls and identity problems in the stored positions",
    )
    .option("--kinds <list>", `comma-separated: ${EVENT_KINDS.join(",")} (default all)`)
    .option("--from <date>", "only positions from this date or ISO time (UTC)")
    .option("--to <date>", "only positions up to this date or ISO time (UTC)")
    .option("--mmsi <mmsi...>", "only these vessels")
    .option(
      "--ports <csv>",
      "port list in the WPI layout (iso3,label,sublabel,latitude,longitude) instead of the built-in ports",
    )
    .option(
      "--param <detector.name=value...>",
      "override a rule, e.g. encounter.maxDistanceKm=0.3 gap.minHours=24",
    )
    .option("--store", "store the events in the database, linked to the list entities")
    .option("--no-link", "do not match the vessels against the lists")
    .action(async (options: DetectCliOptions) => {
      const out = output();
      const [{ runDetection }, { readPortsCsv }, { eventLine }] = await Promise.all([
        import("../../maritime/run-detection.js"),
        import("../../maritime/ports.js"),
        import("../../maritime/events.js"),
      ]);
      const kinds = parseKinds(options.kinds);
      const from = parseTime("--from", options.from);
      const to = parseTime("--to", options.to);
      const params = parseParams(options.param);
      const mmsi = options.mmsi?.map((m) => {
        const n = Number(m);
        if (!Number.isInteger(n) || n <= 0)
          throw new Invalid("usage", `--mmsi takes numbers, not "${m}"`);
        return n;
      });
      const ports = options.ports === undefined ? undefined : readPortsCsv(options.ports);
      const events = await withContext(config, async (ctx) => {
        const { events: found, runId } = await runDetection(ctx, {
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
          ...(mmsi === undefined ? {} : { mmsi }),
          detect: {
            ...params,
            ...(kinds === undefined ? {} : { kinds }),
            ...(ports === undefined ? {} : { ports }),
          },
          link: options.link !== false,
          store: options.store === true,
        });
        if (runId !== undefined) out.note(`stored ${found.length} events (run ${runId})`);
        return found;
      });
      printEvents(out, events, eventLine);
    });
}

function printEvents(
  out: Output,
  events: readonly DescribedEvent[],
  eventLine: (event: DescribedEvent) => Record<string, unknown>,
): void {
  if (out.json) for (const event of events) out.result(eventLine(event), () => "");
  else
    out.info(
      events.length === 0
        ? "no event found"
        : table(
            ["KIND", "START", "END", "VESSELS", "WHERE", "DETAIL", ""],
            events.map((e) => {
              const line = eventLine(e);
              return [
                e.kind,
                String(line.start),
                String(line.end),
                e.named
                  .map(
                    (v) =>
                      `${v.mmsi} ${v.name ?? "?"} (${v.flag ?? "?"}${v.imo === null ? "" : ` IMO ${v.imo}`})`,
                  )
                  .join(" + "),
                Number.isFinite(e.lat) ? `${e.lat.toFixed(3)},${e.lon.toFixed(3)}` : "",
                summarise(e),
                e.flagged ? "DESIGNATED" : "",
              ];
            }),
          ),
    );
  const counts = EVENT_KINDS.map((k) => `${k} ${events.filter((e) => e.kind === k).length}`).join(
    ", ",
  );
  out.note(
    `${events.length} events: ${counts}; ${events.filter((e) => e.flagged).length} with a designated vessel`,
  );
}

function summarise(e: DescribedEvent): string {
  const d = e.details;
  switch (e.kind) {
    case "encounter":
      return `${d.durationHours} h at ${d.medianDistanceKm} km, ${d.medianSpeedKnots} kn`;
    case "loitering":
      return `${d.durationHours} h at ${d.meanSpeedKnots} kn`;
    case "gap":
      return `${d.hours} h dark, ${d.distanceNm} nm at ${d.impliedSpeedKnots} kn`;
    case "port-call":
      return `${d.port} (${d.country}) ${d.hours} h`;
    case "identity":
      return `${d.reason}${d.problem === undefined ? "" : `: ${d.problem}`}${d.from === undefined ? "" : `: ${d.from} → ${d.to}`}`;
  }
}
