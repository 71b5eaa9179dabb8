import { countryCode, type EntityRecord, ftm } from "../model/index.js";
import { type AlignedPair, nameSimilarity } from "./features/names.js";
import { foldName } from "./normalize/fold.js";
import { koreanReading } from "./normalize/hanja.js";
import { identifierKey } from "./normalize/identifier.js";
import { type ParsedName, parseName } from "./normalize/name.js";
import type { ScreeningQuery } from "./types.js";

type Properties = Readonly<Record<string, readonly string[]>>;

/** Feature name → what it measures and its weight (penalties are negative). */
export const FEATURES = {
  name_similarity: {
    description:
      "Best token-aligned similarity of the query's and the candidate's names (name, alias, " +
      "previousName): transliterated, Korean variants, initials, phonetic and edit distance",
    weight: 1,
  },
  weak_alias_match: {
    description: "A query name equals a weak alias of the candidate after normalisation",
    weight: 0.8,
  },
  identifier_match: {
    description:
      "A strong identifier is equal (IMO, MMSI, passport, id, tax or registration number, LEI, SWIFT, crypto address)",
    weight: 1,
  },
  legal_form_mismatch: {
    description:
      "Both company names state legal forms of different kinds (AG against GmbH, ANO against LLC)",
    weight: -0.35,
  },
  imo_disjoint: { description: "Both have IMO numbers and none is shared", weight: -0.3 },
  dob_year_disjoint: { description: "Both have birth dates and no year is shared", weight: -0.15 },
  dob_day_disjoint: { description: "Birth years are shared but no full date", weight: -0.1 },
  country_disjoint: {
    description:
      "Both have countries (nationality, citizenship, country, jurisdiction, flag) and none is shared",
    weight: -0.1,
  },
  gender_mismatch: { description: "Both state a gender and they differ", weight: -0.2 },
  schema_mismatch: {
    description: "The schemata cannot be the same thing (Person against Vessel): the score is 0",
    weight: -1,
  },
} as const satisfies Record<string, { description: string; weight: number }>;

export type FeatureName = keyof typeof FEATURES;

const NAME_PROPS = ["name", "alias", "previousName"];
const PART_PROPS = ["firstName", "secondName", "middleName", "fatherName", "lastName"];
const IDENTIFIER_PROPS = [
  "imoNumber",
  "mmsi",
  "passportNumber",
  "idNumber",
  "taxNumber",
  "registrationNumber",
  "leiCode",
  "swiftBic",
  "innCode",
  "ogrnCode",
  "publicKey",
];
/** Person documents that lists mix up: a passport number given as an id number matches. */
const DOCUMENT_PROPS = new Set(["passportNumber", "idNumber", "taxNumber"]);
const COUNTRY_PROPS = ["nationality", "citizenship", "country", "jurisdiction", "flag"];

/** Whether two schemata can describe the same thing (one is a kind of the other). */
export function schemataCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  const x = ftm.schemata[a];
  const y = ftm.schemata[b];
  if (x === undefined || y === undefined) return false;
  return x.isA(y) || y.isA(x);
}

function namesOf(properties: Properties, props: readonly string[]): string[] {
  const names = props.flatMap((p) => properties[p] ?? []);
  if (names.length === 0 && props === NAME_PROPS) {
    const parts = PART_PROPS.map((p) => properties[p]?.[0]).filter((v) => v !== undefined);
    if (parts.length > 0) names.push(parts.join(" "));
  }
  // A name in Chinese characters is also read as Korean: 金正恩 is Kim Jong Un, not Jin Zhengen.
  for (const name of [...names]) {
    const korean = koreanReading(name);
    if (korean !== undefined) names.push(korean);
  }
  return names;
}

function identifierKeys(properties: Properties): Map<string, string> {
  const keys = new Map<string, string>();
  for (const prop of IDENTIFIER_PROPS)
    for (const value of properties[prop] ?? []) {
      const key = identifierKey(prop, value);
      if (key.length >= (prop === "imoNumber" || prop === "mmsi" ? 7 : 5))
        keys.set(`${DOCUMENT_PROPS.has(prop) ? "document" : prop}:${key}`, prop);
    }
  return keys;
}

function years(values: readonly string[]): Set<string> {
  return new Set(values.map((v) => v.slice(0, 4)).filter((y) => /^\d{4}$/.test(y)));
}

function countries(properties: Properties): Set<string> {
  const out = new Set<string>();
  for (const prop of COUNTRY_PROPS)
    for (const value of properties[prop] ?? []) {
      const code = /^[a-z]{2}(-[a-z]+)?$/i.test(value) ? value.toLowerCase() : countryCode(value);
      if (code !== undefined) out.add(code);
    }
  return out;
}

function disjoint<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const x of a) if (b.has(x)) return false;
  return true;
}

/** The comparison of a query with a candidate: score, features and the aligned name parts. */
export interface Comparison {
  readonly score: number;
  readonly features: Record<string, number>;
  /** The best pair of names and how their parts were aligned. */
  readonly names?: { query: string; candidate: string; pairs: AlignedPair[] };
}

const parsedCache = new Map<string, ParsedName>();

function parsed(name: string, schema: string): ParsedName {
  const key = `${schema}\u0000${name}`;
  let value = parsedCache.get(key);
  if (value === undefined) {
    if (parsedCache.size > 100_000) parsedCache.clear();
    value = parseName(name, schema);
    parsedCache.set(key, value);
  }
  return value;
}

/** The names of one side read for one schema, each once. */
interface Reading {
  readonly names: readonly string[];
  readonly parsed: readonly ParsedName[];
}

/**
 * What a comparison reads from one side's properties, worked out once per properties object
 * (a query is compared with many candidates, a candidate with many queries). Properties are
 * read as immutable values, as their type says.
 */
interface Facts {
  readonly names: readonly string[];
  readonly readings: Map<string, Reading>;
  readonly ids: Map<string, string>;
  readonly imo: Set<string>;
  readonly years: Set<string>;
  readonly days: Set<string>;
  readonly countries: Set<string>;
  readonly gender: Set<string>;
  /** The folded names (for weak aliases), once needed. */
  folded?: readonly string[];
  /** The folded weak aliases, once needed. */
  weak?: Set<string>;
}

const factsCache = new WeakMap<Properties, Facts>();

function facts(properties: Properties): Facts {
  let value = factsCache.get(properties);
  if (value === undefined) {
    value = {
      names: namesOf(properties, NAME_PROPS),
      readings: new Map(),
      ids: identifierKeys(properties),
      imo: new Set(properties.imoNumber?.map((v) => identifierKey("imoNumber", v))),
      years: years(properties.birthDate ?? []),
      days: new Set((properties.birthDate ?? []).filter((d) => d.length >= 10)),
      countries: countries(properties),
      gender: new Set(
        (properties.gender ?? [])
          .map((g) => g.toLowerCase())
          .filter((g) => g === "male" || g === "female"),
      ),
    };
    factsCache.set(properties, value);
  }
  return value;
}

/**
 * The names of `f` parsed for `schema`, in order, each once: a repeated name compares as its
 * first occurrence does, and only a better score replaces the best pair.
 */
function reading(f: Facts, schema: string): Reading {
  let value = f.readings.get(schema);
  if (value === undefined) {
    const names: string[] = [];
    const parsedNames: ParsedName[] = [];
    const seen = new Set<string>();
    for (const name of f.names) {
      if (seen.has(name)) continue;
      seen.add(name);
      names.push(name);
      parsedNames.push(parsed(name, schema));
    }
    value = { names, parsed: parsedNames };
    f.readings.set(schema, value);
  }
  return value;
}

/**
 * Compares a query with a candidate: the best of the name and identifier features, plus the
 * qualifier penalties, clamped to 0..1; 0 when the schemata cannot be the same thing.
 */
export function compareEntities(query: ScreeningQuery, candidate: EntityRecord): Comparison {
  const features: Record<string, number> = {};
  if (!schemataCompatible(query.schema, candidate.schema)) {
    features.schema_mismatch = 1;
    return { score: 0, features };
  }
  const q = facts(query.properties);
  const c = facts(candidate.properties);
  // The more specific schema reads both names (a LegalEntity query against a Person).
  const schema = ftm.schemata[query.schema]?.isA(candidate.schema)
    ? query.schema
    : candidate.schema;
  let best: Comparison["names"];
  let nameScore = 0;
  let formsDiffer = false;
  const qr = reading(q, schema);
  const cr = reading(c, schema);
  for (let i = 0; i < qr.parsed.length; i++) {
    const pa = qr.parsed[i] as ParsedName;
    for (let j = 0; j < cr.parsed.length; j++) {
      const pb = cr.parsed[j] as ParsedName;
      const result = nameSimilarity(pa, pb);
      if (result.score > nameScore || best === undefined) {
        nameScore = result.score;
        best = {
          query: qr.names[i] as string,
          candidate: cr.names[j] as string,
          pairs: result.pairs,
        };
        formsDiffer = disjoint(new Set(pa.genericForms), new Set(pb.genericForms));
      }
    }
  }
  features.name_similarity = round(nameScore);
  let score = nameScore;
  if (c.weak === undefined) c.weak = new Set((candidate.properties.weakAlias ?? []).map(foldName));
  const weak = c.weak;
  if (weak.size > 0) {
    if (q.folded === undefined) q.folded = q.names.map(foldName);
    if (q.folded.some((n) => weak.has(n))) {
      features.weak_alias_match = FEATURES.weak_alias_match.weight;
      score = Math.max(score, FEATURES.weak_alias_match.weight);
    }
  }
  for (const key of q.ids.keys())
    if (c.ids.has(key)) {
      features.identifier_match = 1;
      score = 1;
    }
  const yearsDisjoint = disjoint(q.years, c.years);
  const penalize = (feature: FeatureName, applies: boolean): void => {
    if (!applies) return;
    features[feature] = FEATURES[feature].weight;
    score += FEATURES[feature].weight;
  };
  penalize("legal_form_mismatch", formsDiffer);
  penalize("imo_disjoint", disjoint(q.imo, c.imo));
  penalize("dob_year_disjoint", yearsDisjoint);
  penalize("dob_day_disjoint", !yearsDisjoint && disjoint(q.days, c.days));
  penalize("country_disjoint", disjoint(q.countries, c.countries));
  penalize("gender_mismatch", disjoint(q.gender, c.gender));
  const result = round(Math.min(1, Math.max(0, score)));
  return best === undefined
    ? { score: result, features }
    : { score: result, features, names: best };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
