import { Invalid } from "../../model/index.js";
import { child, children, textAt, type XmlElement } from "../xml.js";

/** One entry of a ReferenceValueSets table: its text and attributes. */
interface ReferenceValue {
  readonly text: string;
  readonly attrs: Readonly<Record<string, string>>;
}

/**
 * The lookup tables of sdn_advanced.xml (PartySubType, FeatureType, AliasType, Country, ...),
 * keyed by element name and ID. Every other section refers to them by number only.
 */
export class ReferenceValues {
  private readonly tables = new Map<string, Map<string, ReferenceValue>>();

  /** Adds one `<XxxValues>` set of ReferenceValueSets. */
  addSet(set: XmlElement): void {
    for (const value of set.children) {
      let table = this.tables.get(value.name);
      if (table === undefined) {
        table = new Map();
        this.tables.set(value.name, table);
      }
      const id = value.attrs.ID;
      if (id !== undefined) table.set(id, { text: value.text.trim(), attrs: value.attrs });
    }
  }

  get loaded(): boolean {
    return this.tables.size > 0;
  }

  /** The text of entry `id` of table `kind` ("FeatureType", "Country"...), or undefined. */
  text(kind: string, id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.tables.get(kind)?.get(id)?.text;
  }

  attr(kind: string, id: string | undefined, attr: string): string | undefined {
    return id === undefined ? undefined : this.tables.get(kind)?.get(id)?.attrs[attr];
  }

  /** Throws Invalid when a section that needs the tables comes before them. */
  require(label: string, element: XmlElement): void {
    if (this.loaded) return;
    throw new Invalid(
      "bad_ofac_xml",
      `${label}:${element.line}: <${element.name}> comes before <ReferenceValueSets>`,
      [
        {
          file: label,
          line: element.line,
          element: element.name,
          message: "no reference values yet",
        },
      ],
    );
  }
}

/** A `<Location>` reduced to what entities need: the address text and the country. */
export interface OfacLocation {
  /** The address parts and the country name, comma-separated; undefined for a bare country. */
  readonly address?: string;
  /** An ISO code or, when OFAC gives none, the country name as OFAC spells it. */
  readonly country?: string;
  readonly countryName?: string;
}

/** Address parts in the order a postal address is written. */
const PART_ORDER = [
  "ADDRESS1",
  "ADDRESS2",
  "ADDRESS3",
  "CITY",
  "STATE/PROVINCE",
  "POSTAL CODE",
  "REGION",
  "Unknown",
];

/** OFAC's placeholder countries that mean "no country". */
const NO_COUNTRY = new Set(["undetermined", "None Identified"]);

export function readLocation(location: XmlElement, refs: ReferenceValues): OfacLocation {
  const countryId =
    child(location, "LocationCountry")?.attrs.CountryID ??
    refs.attr("AreaCode", child(location, "LocationAreaCode")?.attrs.AreaCodeID, "CountryID");
  let countryName = refs.text("Country", countryId);
  if (countryName !== undefined && NO_COUNTRY.has(countryName)) countryName = undefined;
  const iso = countryName === undefined ? undefined : refs.attr("Country", countryId, "ISO2");
  const parts: { rank: number; value: string }[] = [];
  for (const part of children(location, "LocationPart")) {
    const type = refs.text("LocPartType", part.attrs.LocPartTypeID) ?? "Unknown";
    const values = children(part, "LocationPartValue");
    const primary = values.find((v) => v.attrs.Primary === "true") ?? values[0];
    const value = textAt(primary, "Value");
    if (value === undefined) continue;
    const rank = PART_ORDER.indexOf(type);
    parts.push({ rank: rank === -1 ? PART_ORDER.length : rank, value });
  }
  parts.sort((a, b) => a.rank - b.rank);
  const lines = parts.map((p) => p.value);
  if (countryName !== undefined && lines.length > 0) lines.push(countryName);
  return {
    ...(lines.length > 0 ? { address: lines.join(", ") } : {}),
    ...(countryName !== undefined ? { country: iso ?? countryName, countryName } : {}),
  };
}

interface Ymd {
  readonly y: string;
  readonly m?: string;
  readonly d?: string;
}

/**
 * The ISO dates a `<DatePeriod>` states: one value when the period is a day, a month or a
 * year (OFAC writes "1968" as 1968-01-01 to 1968-12-31), the two stated years for "1955 to
 * 1957", else its two ends. Values are not validated here: the entity draft checks them, so
 * an impossible date becomes an error at the feature's line.
 */
export function datePeriodValues(period: XmlElement | undefined): string[] {
  const start = child(period, "Start");
  const end = child(period, "End");
  const sf = ymd(child(start, "From"));
  if (sf === undefined) return [];
  const st = ymd(child(start, "To")) ?? sf;
  const ef = ymd(child(end, "From")) ?? st;
  const et = ymd(child(end, "To")) ?? ef;
  const whole = spanPrefix(sf, et);
  if (whole !== undefined) return [whole];
  if (isYearStart(sf) && isYearEnd(et)) return [sf.y, et.y];
  const values = [spanPrefix(sf, st) ?? format(sf), spanPrefix(ef, et) ?? format(et)];
  return [...new Set(values)];
}

function ymd(element: XmlElement | undefined): Ymd | undefined {
  const y = textAt(element, "Year");
  if (y === undefined) return undefined;
  const m = textAt(element, "Month");
  const d = m === undefined ? undefined : textAt(element, "Day");
  return { y, ...(m !== undefined ? { m } : {}), ...(d !== undefined ? { d } : {}) };
}

function format(date: Ymd): string {
  const pad = (n: string) => n.padStart(2, "0");
  if (date.m === undefined) return date.y;
  return date.d === undefined
    ? `${date.y}-${pad(date.m)}`
    : `${date.y}-${pad(date.m)}-${pad(date.d)}`;
}

/** The one ISO prefix that covers exactly lo..hi (a day, a month or a year), if any. */
function spanPrefix(lo: Ymd, hi: Ymd): string | undefined {
  if (format(lo) === format(hi)) return format(lo);
  if (lo.y !== hi.y) return undefined;
  if (isYearStart(lo) && isYearEnd(hi)) return lo.y;
  if (
    lo.m !== undefined &&
    Number(lo.m) === Number(hi.m) &&
    Number(lo.d) === 1 &&
    hi.d !== undefined
  ) {
    const last = new Date(Date.UTC(Number(lo.y), Number(lo.m), 0)).getUTCDate();
    if (Number(hi.d) === last) return format({ y: lo.y, m: lo.m });
  }
  return undefined;
}

function isYearStart(date: Ymd): boolean {
  return date.m === undefined || (Number(date.m) === 1 && Number(date.d ?? 1) === 1);
}

function isYearEnd(date: Ymd): boolean {
  return date.m === undefined || (Number(date.m) === 12 && Number(date.d ?? 31) === 31);
}
