import { PORTS_OF_INTEREST } from "../ports.js";
import { Random } from "./random.js";
import { Itinerary, type Step, sailingSeconds } from "./script.js";

/** A vessel of the demo: who it says it is, how it reports, where it goes. */
export interface DemoVessel {
  readonly mmsi: number;
  readonly imo: string | null;
  readonly name: string;
  readonly callsign: string;
  /** AIS ship type (80 tanker, 70 cargo, 30 fishing). */
  readonly shipType: number;
  readonly length: number;
  readonly width: number;
  readonly draught: number;
  /** Invented deadweight in tonnes (the demo's vessel table), for petroleum estimates. */
  readonly deadweight: number | null;
  readonly role: string;
  /** Seconds between reports. */
  readonly interval: number;
  readonly start: number;
  readonly lat: number;
  readonly lon: number;
  readonly steps: readonly Step[];
  /** From this time on it reports another name (a vessel renamed at sea). */
  readonly renamed?: { readonly at: number; readonly name: string };
}

/** What the scenario planted, so that a run of the detectors can be scored against it. */
export interface PlantedEvent {
  readonly kind: "encounter" | "gap" | "port-call" | "identity";
  readonly vessels: readonly number[];
  readonly start: number;
  readonly end: number;
  readonly port?: string;
  readonly note: string;
}

export interface Scenario {
  readonly start: number;
  readonly end: number;
  readonly vessels: readonly DemoVessel[];
  readonly planted: readonly PlantedEvent[];
}

export interface ScenarioOptions {
  /** Vessels in all (default 200). */
  readonly vessels?: number;
  /** Positions in all, roughly (default: one report every 3 minutes per vessel). */
  readonly positions?: number;
  readonly days?: number;
  /** First day, ISO (default 2024-03-01). */
  readonly start?: string;
  readonly seed?: number;
}

/** Open water the traffic wanders in: [south, north, west, east]. */
const AREAS = {
  koreaBay: [37.7, 38.9, 122.4, 124.2],
  yellowSea: [35.2, 37.2, 121.8, 124.6],
  seaOfJapan: [37.2, 41.3, 130.6, 134.6],
} as const;

type Area = keyof typeof AREAS;

/**
 * Tankers the UN 1718 Committee and OFAC designated for STS transfers (names and IMO numbers
 * as on the OFAC SDN list of early 2019); their MMSIs, dimensions and deadweights in the demo
 * are invented.
 */
const DESIGNATED_TANKERS: readonly (readonly [string, string])[] = [
  ["CHON MA SAN", "8660313"],
  ["CHON MYONG 1", "8712362"],
  ["NAM SAN 8", "8122347"],
  ["YU JONG 2", "8604917"],
  ["YU PHYONG 5", "8605026"],
  ["SAM JONG 2", "7408873"],
  ["AN SAN 1", "7303803"],
  ["PAEK MA", "9066978"],
  ["JI SONG 6", "8898740"],
  ["KUM UN SAN 3", "8705539"],
  ["SAM MA 2", "8106496"],
  ["YU SON", "8691702"],
];

const FLAGS_OF_CONVENIENCE = [671, 667, 352, 457, 616, 312, 511];
const ORDINARY_MIDS = [412, 413, 414, 440, 441, 431, 273, 351, 352, 636, 538, 477, 563];
const WORDS = [
  "OCEAN",
  "GRACE",
  "STAR",
  "HAI",
  "XING",
  "PACIFIC",
  "GLORY",
  "SUN",
  "LUCKY",
  "EAST",
  "BRIGHT",
  "JADE",
  "PEARL",
  "DRAGON",
  "WIND",
  "HOPE",
];

const port = (name: string) => {
  const found = PORTS_OF_INTEREST.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no port ${name}`);
  return found;
};

/** An IMO number with a valid check digit (the seventh digit: weighted sum 7..2 of the six). */
export function imoWithCheckDigit(six: number): string {
  const digits = String(six).padStart(6, "0");
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (7 - i), 0);
  return `${digits}${sum % 10}`;
}

/**
 * A week (by default) of AIS traffic in the Korea Bay, the Yellow Sea and the Sea of Japan:
 * ordinary cargo ships, tankers and fishing boats, and among them the evasion the Panel
 * documented: foreign tankers meeting DPRK tankers alongside in the Korea Bay (some with AIS
 * off), DPRK tankers then calling at Nampo, tankers calling at Nampo directly, a designated
 * tanker renamed, an MMSI transmitted by two ships, and cargo ships between Rajin and
 * Vostochny. Deterministic for a seed.
 */
export function generateScenario(options: ScenarioOptions = {}): Scenario {
  const random = new Random(options.seed ?? 2397);
  const count = Math.max(10, options.vessels ?? 200);
  const start = Date.parse(`${options.start ?? "2024-03-01"}T00:00:00Z`) / 1000;
  const days = options.days ?? 7;
  const end = start + days * 86400;
  const positions = options.positions ?? Math.round((count * days * 86400) / 180);
  const interval = Math.max(10, (count * days * 86400) / positions);
  const build = new Builder(random, start, end, interval);

  const stsPairs = Math.max(2, Math.round(count / 100));
  const direct = Math.max(1, Math.round(count / 200));
  const rajin = Math.max(1, Math.round(count / 700));
  for (let i = 0; i < stsPairs; i++) build.stsPair(i, i % 2 === 1);
  for (let i = 0; i < direct; i++) build.directCall(i);
  for (let i = 0; i < rajin; i++) build.rajinVostochny(i);
  build.sharedMmsi();
  while (build.vessels.length < count) build.ordinary();
  return { start, end, vessels: build.vessels, planted: build.planted };
}

class Builder {
  readonly vessels: DemoVessel[] = [];
  readonly planted: PlantedEvent[] = [];
  private readonly used = new Set<number>();
  private designated = 0;

  constructor(
    private readonly random: Random,
    private readonly start: number,
    private readonly end: number,
    private readonly interval: number,
  ) {}

  private mmsi(mid: number): number {
    for (;;) {
      const mmsi = mid * 1_000_000 + this.random.int(100_000, 999_999);
      if (!this.used.has(mmsi)) {
        this.used.add(mmsi);
        return mmsi;
      }
    }
  }

  private name(): string {
    return `${this.random.pick(WORDS)} ${this.random.pick(WORDS)} ${this.random.int(1, 99)}`;
  }

  private point(area: Area): { lat: number; lon: number } {
    const [s, n, w, e] = AREAS[area];
    return { lat: this.random.between(s, n), lon: this.random.between(w, e) };
  }

  private vessel(
    fields: Omit<DemoVessel, "interval" | "start" | "callsign"> & { callsign?: string },
  ): DemoVessel {
    const vessel = {
      callsign: `${String.fromCharCode(65 + this.random.int(0, 25))}${this.random.int(1000, 9999)}`,
      interval: this.interval * this.random.between(0.8, 1.2),
      start: this.start + this.random.between(0, this.interval),
      ...fields,
    };
    this.vessels.push(vessel);
    return vessel;
  }

  private tanker(dprk: boolean) {
    if (dprk) {
      const [name, imo] = DESIGNATED_TANKERS[
        this.designated++ % DESIGNATED_TANKERS.length
      ] as readonly [string, string];
      return { mmsi: this.mmsi(445), imo, name, deadweight: this.random.int(15, 50) * 100 };
    }
    return {
      mmsi: this.mmsi(this.random.pick(FLAGS_OF_CONVENIENCE)),
      imo: imoWithCheckDigit(this.random.int(800_000, 999_999)),
      name: this.name(),
      deadweight: this.random.int(30, 120) * 100,
    };
  }

  /** A foreign tanker and a DPRK tanker alongside in the Korea Bay; the DPRK one then calls at Nampo. */
  stsPair(i: number, foreignDark: boolean): void {
    const nampo = port("NAMPO");
    const meet = this.point("koreaBay");
    const span = this.end - this.start;
    const tMeet = this.start + span * this.random.between(0.2, 0.55);
    const hours = this.random.between(3, 8);
    const tPart = tMeet + hours * 3600;
    const foreign = this.tanker(false);
    const from = this.point("yellowSea");
    const knots = this.random.between(9, 12);
    const leave = tMeet - sailingSeconds(from.lat, from.lon, meet.lat, meet.lon, knots);
    const away = this.point("yellowSea");
    const darkFrom = leave + 0.4 * (tMeet - leave);
    const darkTo = tPart + 10 * 3600;
    const foreignSteps: Step[] = foreignDark
      ? [
          { kind: "hold", until: leave, driftKnots: 0, driftCourse: 0 },
          {
            kind: "goto",
            lat: from.lat + (meet.lat - from.lat) * 0.4,
            lon: from.lon + (meet.lon - from.lon) * 0.4,
            knots,
          },
          { kind: "dark", until: tMeet, lat: meet.lat, lon: meet.lon },
          { kind: "dark", until: darkTo, lat: away.lat, lon: away.lon },
          { kind: "goto", lat: from.lat, lon: from.lon, knots },
        ]
      : [
          { kind: "hold", until: leave, driftKnots: 0, driftCourse: 0 },
          { kind: "goto", lat: meet.lat, lon: meet.lon, knots },
          { kind: "hold", until: tPart, driftKnots: 0.3, driftCourse: 45 },
          { kind: "goto", lat: away.lat, lon: away.lon, knots },
        ];
    const f = this.vessel({
      ...foreign,
      shipType: 80,
      length: 105,
      width: 17,
      draught: 6.5,
      role: "sts-foreign",
      lat: from.lat,
      lon: from.lon,
      steps: foreignSteps,
    });
    const dprk = this.tanker(true);
    const alongside = { lat: meet.lat + 0.15 / 111.2, lon: meet.lon };
    const dKnots = this.random.between(8, 10);
    const dLeave =
      tMeet - sailingSeconds(nampo.lat, nampo.lon, alongside.lat, alongside.lon, dKnots);
    const back = tPart + sailingSeconds(alongside.lat, alongside.lon, nampo.lat, nampo.lon, dKnots);
    const d = this.vessel({
      ...dprk,
      shipType: 80,
      length: 80,
      width: 13,
      draught: 5.2,
      role: "sts-dprk",
      lat: nampo.lat,
      lon: nampo.lon,
      steps: [
        { kind: "hold", until: dLeave, driftKnots: 0, driftCourse: 0 },
        { kind: "goto", ...alongside, knots: dKnots },
        { kind: "hold", until: tPart, driftKnots: 0.3, driftCourse: 45 },
        { kind: "goto", lat: nampo.lat, lon: nampo.lon, knots: dKnots },
        { kind: "hold", until: this.end, driftKnots: 0, driftCourse: 0 },
      ],
    });
    const pair = [f.mmsi, d.mmsi].sort((a, b) => a - b);
    if (foreignDark)
      this.planted.push({
        kind: "gap",
        vessels: [f.mmsi],
        start: darkFrom,
        end: darkTo,
        note: `STS ${i}: foreign tanker dark while alongside`,
      });
    else
      this.planted.push({
        kind: "encounter",
        vessels: pair,
        start: tMeet,
        end: tPart,
        note: `STS ${i} in the Korea Bay`,
      });
    this.planted.push({
      kind: "port-call",
      vessels: [d.mmsi],
      start: back,
      end: this.end,
      port: "NAMPO",
      note: `STS ${i}: DPRK tanker back in Nampo`,
    });
    if (i === 0) {
      // The first DPRK tanker is renamed two days after its transfer: identity laundering.
      const at = tPart + 2 * 86400;
      if (at < this.end) {
        this.vessels[this.vessels.length - 1] = { ...d, renamed: { at, name: "SONG HAE 7" } };
        this.planted.push({
          kind: "identity",
          vessels: [d.mmsi],
          start: at,
          end: at,
          note: "name change",
        });
      }
    }
  }

  /** A foreign tanker sailing from the Yellow Sea to Nampo, calling, and leaving. */
  directCall(i: number): void {
    const nampo = port("NAMPO");
    const from = this.point("yellowSea");
    const knots = this.random.between(9, 12);
    const arrive = this.start + (this.end - this.start) * this.random.between(0.15, 0.5);
    const stay = this.random.between(24, 48) * 3600;
    const leave = arrive - sailingSeconds(from.lat, from.lon, nampo.lat, nampo.lon, knots);
    const v = this.vessel({
      ...this.tanker(false),
      shipType: 80,
      length: 110,
      width: 18,
      draught: 7,
      role: "nampo-direct",
      lat: from.lat,
      lon: from.lon,
      steps: [
        { kind: "hold", until: leave, driftKnots: 0, driftCourse: 0 },
        { kind: "goto", lat: nampo.lat, lon: nampo.lon, knots },
        { kind: "hold", until: arrive + stay, driftKnots: 0, driftCourse: 0 },
        { kind: "goto", lat: from.lat, lon: from.lon, knots },
      ],
    });
    this.planted.push({
      kind: "port-call",
      vessels: [v.mmsi],
      start: arrive,
      end: arrive + stay,
      port: "NAMPO",
      note: `direct call ${i}`,
    });
  }

  /** A cargo ship from Rajin to Vostochny and back, AIS off for part of the way. */
  rajinVostochny(i: number): void {
    const rajin = port("NAJIN");
    const vostochny = port("VOSTOCHNYY");
    const offshore = { lat: 42.0, lon: 131.2 };
    const knots = 10;
    // Each cargo ship sails on its own day: ships in formation would be one long "encounter".
    const first = this.start + (6 + 26 * i) * 3600;
    const leg1 = sailingSeconds(rajin.lat, rajin.lon, offshore.lat, offshore.lon, knots);
    const leg2 = sailingSeconds(offshore.lat, offshore.lon, vostochny.lat, vostochny.lon, knots);
    const arrive = first + leg1 + leg2;
    const v = this.vessel({
      mmsi: this.mmsi(273),
      imo: imoWithCheckDigit(this.random.int(800_000, 999_999)),
      name: `LADY ${this.random.pick(WORDS)}`,
      deadweight: 4000,
      shipType: 70,
      length: 120,
      width: 18,
      draught: 6,
      role: "rajin-vostochny",
      lat: rajin.lat,
      lon: rajin.lon,
      steps: [
        { kind: "hold", until: first, driftKnots: 0, driftCourse: 0 },
        { kind: "goto", ...offshore, knots },
        { kind: "goto", lat: vostochny.lat, lon: vostochny.lon, knots },
        { kind: "hold", until: arrive + 30 * 3600, driftKnots: 0, driftCourse: 0 },
        {
          kind: "dark",
          until: arrive + 30 * 3600 + leg2 * 1.05,
          lat: offshore.lat,
          lon: offshore.lon,
        },
        { kind: "goto", lat: rajin.lat, lon: rajin.lon, knots },
        { kind: "hold", until: this.end, driftKnots: 0, driftCourse: 0 },
      ],
    });
    this.planted.push({
      kind: "port-call",
      vessels: [v.mmsi],
      start: arrive,
      end: arrive + 30 * 3600,
      port: "VOSTOCHNYY",
      note: `Rajin–Vostochny ${i}`,
    });
  }

  /** A fishing boat in the Sea of Japan transmitting the MMSI of a DPRK tanker in the Korea Bay. */
  sharedMmsi(): void {
    const tanker = this.vessels.filter((v) => v.role === "sts-dprk").at(-1);
    if (tanker === undefined) return;
    const at = this.point("seaOfJapan");
    this.vessel({
      mmsi: tanker.mmsi,
      imo: null,
      name: tanker.name,
      deadweight: null,
      shipType: 30,
      length: 30,
      width: 7,
      draught: 3,
      role: "mmsi-copy",
      lat: at.lat,
      lon: at.lon,
      steps: this.wander("seaOfJapan", 8, 3),
    });
    this.planted.push({
      kind: "identity",
      vessels: [tanker.mmsi],
      start: this.start,
      end: this.end,
      note: "one MMSI in two places",
    });
  }

  /** Ordinary traffic: cargo ships and tankers between points, fishing boats working slowly. */
  ordinary(): void {
    const area = this.random.pick<Area>([
      "koreaBay",
      "yellowSea",
      "yellowSea",
      "seaOfJapan",
      "seaOfJapan",
    ]);
    const fishing = this.random.next() < 0.12;
    const at = this.point(area);
    const tanker = !fishing && this.random.next() < 0.3;
    this.vessel({
      mmsi: this.mmsi(this.random.pick(ORDINARY_MIDS)),
      imo: fishing ? null : imoWithCheckDigit(this.random.int(800_000, 999_999)),
      name: this.name(),
      deadweight: fishing ? null : this.random.int(50, 600) * 100,
      shipType: fishing ? 30 : tanker ? 80 : 70,
      length: fishing ? 35 : 180,
      width: fishing ? 8 : 30,
      draught: fishing ? 3 : 9,
      role: fishing ? "fishing" : "ordinary",
      lat: at.lat,
      lon: at.lon,
      steps: fishing ? this.wander(area, 3, 3) : this.wander(area, this.random.between(10, 15), 0),
    });
  }

  /** Random legs in an area until the end: `knots` (± 20%), a stop of a few hours now and then. */
  private wander(area: Area, knots: number, drift: number): Step[] {
    const steps: Step[] = [];
    let t = this.start;
    let here = this.point(area);
    while (t < this.end) {
      const next = this.point(area);
      const speed = knots * this.random.between(0.8, 1.2);
      steps.push({ kind: "goto", ...next, knots: speed });
      t += sailingSeconds(here.lat, here.lon, next.lat, next.lon, speed);
      here = next;
      if (drift === 0 && this.random.next() < 0.15) {
        t += this.random.between(2, 10) * 3600;
        steps.push({
          kind: "hold",
          until: t,
          driftKnots: 0.2,
          driftCourse: this.random.between(0, 360),
        });
      }
    }
    return steps;
  }
}

/** The itinerary of a demo vessel, ready to be asked for its position at increasing times. */
export function itineraryOf(vessel: DemoVessel): Itinerary {
  return new Itinerary(vessel.steps, vessel.start, vessel.lat, vessel.lon);
}
