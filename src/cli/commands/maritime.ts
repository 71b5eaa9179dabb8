import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Command } from "commander";
import type { DescribedEvent, PetroleumEstimate, VesselTrack } from "../../maritime/index.js";
import { type Config, Invalid } from "../../model/index.js";
import { withContext } from "../context.js";
import type { Output } from "../output.js";
import { table } from "../output.js";
import { parseKinds, parseTime, registerAisDetectCommand } from "./ais-detect.js";

/** The maritime domain, loaded when one of these commands runs, not with the `ais` group. */
const loadMaritime = () => import("../../maritime/index.js");

/**
 * Adds `cordon maritime petroleum|demo|events|geojson`, and `ais detect` to the `ais` group
 * (so one register call in cli.ts brings both).
 */
export function registerMaritimeCommands(
  program: Command,
  ais: Command,
  config: Config,
  output: () => Output,
): void {
  registerAisDetectCommand(ais, config, output);
  const maritime = program
    .command("maritime")
    .description("maritime monitoring: petroleum deliveries, stored events, demo traffic, GeoJSON");

  maritime
    .command("petroleum")
    .description(
      "refined petroleum delivered to DPRK ports in a year (stored port calls and STS encounters) against the UNSCR 2397 cap",
    )
    .requiredOption("--year <year>", "calendar year, e.g. 2024")
    .option(
      "--vessels <csv>",
      "vessel table with deadweights: mmsi and/or imo, deadweight_tonnes (or dwt), ship_type",
    )
    .option(
      "--reported <supplier=barrels...>",
      "what suppliers reported to the 1718 Committee, e.g. China=12000 Russia=35000",
    )
    .option("--barrels-per-tonne <n>", "barrels per tonne of deadweight", "7.5")
    .option(
      "--fractions <list>",
      "laden fractions of the scenarios (a/b or decimals)",
      "1/3,1/2,0.9",
    )
    .action(
      async (options: {
        year: string;
        vessels?: string;
        reported?: string[];
        barrelsPerTonne: string;
        fractions: string;
      }) => {
        const out = output();
        const { estimatePetroleum, readIdentities, readVesselTable } = await loadMaritime();
        const year = Number(options.year);
        if (!Number.isInteger(year) || year < 1990 || year > 2100)
          throw new Invalid("usage", `--year takes a year, not "${options.year}"`);
        const barrelsPerTonne = positive("--barrels-per-tonne", options.barrelsPerTonne);
        const ladenFractions = options.fractions.split(",").map((f) => fractionOf(f));
        const reported = Object.fromEntries(
          (options.reported ?? []).map((pair) => {
            const [supplier, barrels] = pair.split("=");
            if (supplier === undefined || supplier === "" || barrels === undefined)
              throw new Invalid("usage", `--reported takes supplier=barrels, not "${pair}"`);
            return [supplier, positive("--reported", barrels)];
          }),
        );
        const vessels =
          options.vessels === undefined ? undefined : readVesselTable(options.vessels);
        const estimate = await withContext(config, async (ctx) => {
          const shipTypes = new Map<number, number>();
          for (const span of await readIdentities(ctx))
            if (span.shipType !== null) shipTypes.set(span.mmsi, span.shipType);
          return estimatePetroleum(
            ctx,
            {
              year,
              barrelsPerTonne,
              ladenFractions,
              reported,
              ...(vessels === undefined ? {} : { vessels }),
            },
            shipTypes,
          );
        });
        printEstimate(out, estimate);
      },
    );

  maritime
    .command("demo")
    .description(
      "write a week of demo AIS traffic (Korea Bay, Sea of Japan) with planted STS transfers, dark tankers and Nampo calls",
    )
    .option(
      "--out <dir>",
      "folder for ais.csv (NOAA layout), vessels.csv and planted.jsonl",
      "demo-maritime",
    )
    .option("--vessels <n>", "vessels", "200")
    .option(
      "--positions <n>",
      "positions in all, roughly (default one report every 3 minutes per vessel)",
    )
    .option("--days <n>", "days of traffic", "7")
    .option("--start <date>", "first day (UTC)", "2024-03-01")
    .option("--seed <n>", "random seed: the same seed gives the same traffic", "2397")
    .option("--import", "import the positions into the store afterwards")
    .action(
      async (options: {
        out: string;
        vessels: string;
        positions?: string;
        days: string;
        start: string;
        seed: string;
        import?: boolean;
      }) => {
        const out = output();
        const { generateScenario, importAis, writeDemo } = await loadMaritime();
        parseTime("--start", options.start);
        const scenario = generateScenario({
          vessels: positive("--vessels", options.vessels),
          days: positive("--days", options.days),
          start: options.start,
          seed: positive("--seed", options.seed),
          ...(options.positions === undefined
            ? {}
            : { positions: positive("--positions", options.positions) }),
        });
        const files = await writeDemo(scenario, options.out);
        out.result(
          { ...files, vessels: scenario.vessels.length, planted: scenario.planted.length },
          () =>
            [
              `${files.rows} positions of ${scenario.vessels.length} vessels → ${files.positions}`,
              `vessel table → ${files.vessels}; planted events (${scenario.planted.length}) → ${files.planted}`,
            ].join("\n"),
        );
        if (options.import === true) {
          const summary = await withContext(config, (ctx) => importAis(ctx, [files.positions]));
          out.note(`imported ${summary.positions} positions in ${summary.seconds.toFixed(1)} s`);
        }
      },
    );

  maritime
    .command("events")
    .description("stored events (cordon ais detect --store), earliest first")
    .option("--kinds <list>", "comma-separated kinds")
    .option("--from <date>", "events ending on or after")
    .option("--to <date>", "events starting on or before")
    .option("--mmsi <mmsi>", "events naming this vessel")
    .option("--flagged", "only events with a designated vessel")
    .option("--limit <n>", "at most this many", "1000")
    .action(
      async (options: {
        kinds?: string;
        from?: string;
        to?: string;
        mmsi?: string;
        flagged?: boolean;
        limit: string;
      }) => {
        const out = output();
        const { listEvents } = await loadMaritime();
        const kinds = parseKinds(options.kinds);
        const from = parseTime("--from", options.from);
        const to = parseTime("--to", options.to);
        const events = await withContext(config, (ctx) =>
          listEvents(ctx, {
            ...(kinds === undefined ? {} : { kinds }),
            ...(from === undefined ? {} : { from }),
            ...(to === undefined ? {} : { to }),
            ...(options.mmsi === undefined ? {} : { mmsi: positive("--mmsi", options.mmsi) }),
            ...(options.flagged === true ? { flagged: true } : {}),
            limit: positive("--limit", options.limit),
          }),
        );
        printStored(out, events);
      },
    );

  maritime
    .command("geojson")
    .description("tracks and stored events as a GeoJSON FeatureCollection")
    .option("--mmsi <mmsi...>", "only these vessels' tracks and events")
    .option("--from <date>", "from this date (UTC)")
    .option("--to <date>", "up to this date (UTC)")
    .option("--max-points <n>", "thin each track to at most this many positions", "2000")
    .option("--out <file>", "write to this file instead of standard output")
    .action(
      async (options: {
        mmsi?: string[];
        from?: string;
        to?: string;
        maxPoints: string;
        out?: string;
      }) => {
        const { listEvents, readTracks, toFeatureCollection } = await loadMaritime();
        const from = parseTime("--from", options.from);
        const to = parseTime("--to", options.to);
        const mmsi = options.mmsi?.map((m) => positive("--mmsi", m));
        const collection = await withContext(config, async (ctx) => {
          const tracks: VesselTrack[] = [];
          for await (const track of readTracks(ctx, {
            ...(from === undefined ? {} : { from }),
            ...(to === undefined ? {} : { to }),
            ...(mmsi === undefined ? {} : { mmsi }),
          }))
            tracks.push(track);
          const events = (
            await listEvents(ctx, {
              ...(from === undefined ? {} : { from }),
              ...(to === undefined ? {} : { to }),
              limit: 1_000_000,
            })
          ).filter((e) => mmsi === undefined || e.vessels.some((v) => mmsi.includes(v)));
          return toFeatureCollection(tracks, events, {
            maxPoints: positive("--max-points", options.maxPoints),
          });
        });
        const sink = options.out === undefined ? process.stdout : createWriteStream(options.out);
        sink.write(`${JSON.stringify(collection)}\n`);
        if (options.out !== undefined) {
          sink.end();
          await once(sink, "finish");
        }
      },
    );
}

function positive(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Invalid("usage", `${option} takes a positive number, not "${value}"`, [
      { field: option, message: "not a positive number", value },
    ]);
  return n;
}

function printStored(out: Output, events: readonly DescribedEvent[]): void {
  if (out.json) {
    for (const e of events)
      out.result(
        {
          id: e.id,
          kind: e.kind,
          vessels: e.vessels.map(String),
          start: new Date(e.start * 1000).toISOString(),
          end: new Date(e.end * 1000).toISOString(),
          lat: e.lat,
          lon: e.lon,
          ...e.details,
          flagged: e.flagged,
          named: e.named,
        },
        () => "",
      );
    return;
  }
  out.info(
    events.length === 0
      ? "no stored event (run cordon ais detect --store)"
      : table(
          ["ID", "KIND", "START", "VESSELS", ""],
          events.map((e) => [
            e.id,
            e.kind,
            new Date(e.start * 1000).toISOString().slice(0, 16),
            e.named.map((v) => `${v.mmsi} ${v.name ?? "?"}`).join(" + "),
            e.flagged ? "DESIGNATED" : "",
          ]),
        ),
  );
}

function printEstimate(out: Output, estimate: PetroleumEstimate): void {
  const fraction = (f: number) => `${Math.round(f * 100)}%`;
  if (out.json) {
    for (const delivery of estimate.deliveries)
      out.result({ type: "delivery", ...delivery }, () => "");
    const { deliveries: _, ...summary } = estimate;
    out.result({ type: "summary", deliveries: estimate.deliveries.length, ...summary }, () => "");
    return;
  }
  const n = (x: number | null) => (x === null ? "?" : Math.round(x).toLocaleString("en-US"));
  out.info(
    estimate.deliveries.length === 0
      ? `no delivery to a DPRK port found in ${estimate.year} (stored events: run cordon ais detect --store first)`
      : table(
          [
            "ARRIVAL",
            "PORT",
            "VESSEL",
            "IMO",
            "FLAG",
            "METHOD",
            "DWT (t)",
            "DWT SOURCE",
            "CAPACITY (bbl)",
            ...estimate.ladenFractions.map((f) => `AT ${fraction(f)}`),
          ],
          estimate.deliveries.map((d) => [
            d.arrival.slice(0, 16),
            d.port,
            `${d.mmsi} ${d.name ?? "?"}${d.flagged ? " [designated]" : ""}`,
            d.imo ?? "",
            d.flag ?? "",
            d.sts === null
              ? "port call"
              : `STS with ${d.sts.partner} ${d.sts.partnerName ?? ""} ${d.sts.at.slice(0, 10)}, then port call`,
            n(d.deadweightTonnes),
            d.deadweightSource ?? "unknown: not counted",
            n(d.capacityBarrels),
            ...d.barrels.map(n),
          ]),
        ),
  );
  out.info("");
  out.info(
    `Deliveries ${estimate.deliveries.length} (${estimate.withoutDeadweight} without a known deadweight); capacity = deadweight × ${estimate.barrelsPerTonne} barrels per tonne.`,
  );
  for (const s of estimate.scenarios)
    out.info(
      `  laden at ${fraction(s.fraction)}: ${n(s.barrels)} barrels = ${(s.shareOfCap * 100).toFixed(1)}% of the ${n(estimate.cap)}-barrel cap`,
    );
  if (Object.keys(estimate.reported).length > 0) {
    const reported = Object.entries(estimate.reported)
      .map(([s, b]) => `${s} ${n(b)}`)
      .join(", ");
    out.info(`  reported by suppliers: ${reported} (total ${n(estimate.reportedTotal)} barrels)`);
    for (const s of estimate.scenarios)
      out.info(
        `  unreported at ${fraction(s.fraction)}: ${n(Math.max(0, s.barrels - estimate.reportedTotal))} barrels`,
      );
  }
}

/** "1/3" or "0.5" → a fraction in (0, 1]; throws Invalid. */
function fractionOf(text: string): number {
  const [a, b] = text.split("/");
  const value = b === undefined ? Number(a) : Number(a) / Number(b);
  if (!Number.isFinite(value) || value <= 0 || value > 1)
    throw new Invalid("usage", `--fractions takes fractions in (0, 1], not "${text}"`, [
      { field: "--fractions", message: "not a fraction", value: text },
    ]);
  return value;
}
