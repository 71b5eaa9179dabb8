import { countryCode, type EntityRecord, ftm } from "../model/index.js";
import { type AlignedPair, nameSimilarity } from "./features/names.js";
import { foldName } from "./normalize/fold.js";
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
  const q = query.properties;
  const c = candidate.properties;
  // The more specific schema reads both names (a LegalEntity query against a Person).
  const schema = ftm.schemata[query.schema]?.isA(candidate.schema)
    ? query.schema
    : candidate.schema;
  let best: Comparison["names"];
  let nameScore = 0;
  let formsDiffer = false;
  for (const a of namesOf(q, NAME_PROPS)) {
    const pa = parsed(a, schema);
    for (const b of namesOf(c, NAME_PROPS)) {
      const pb = parsed(b, schema);
      const result = nameSimilarity(pa, pb);
      if (result.score > nameScore || best === undefined) {
        nameScore = result.score;
        best = { query: a, candidate: b, pairs: result.pairs };
        formsDiffer = disjoint(new Set(pa.genericForms), new Set(pb.genericForms));
      }
    }
  }
  features.name_similarity = round(nameScore);
  let score = nameScore;
  const weak = new Set((c.weakAlias ?? []).map(foldName));
  if (weak.size > 0 && namesOf(q, NAME_PROPS).some((n) => weak.has(foldName(n)))) {
    features.weak_alias_match = FEATURES.weak_alias_match.weight;
    score = Math.max(score, FEATURES.weak_alias_match.weight);
  }
  const qIds = identifierKeys(q);
  const cIds = identifierKeys(c);
  for (const key of qIds.keys())
    if (cIds.has(key)) {
      features.identifier_match = 1;
      score = 1;
    }
  const penalties: [FeatureName, boolean][] = [
    ["legal_form_mismatch", formsDiffer],
    [
      "imo_disjoint",
      disjoint(
        new Set(q.imoNumber?.map((v) => identifierKey("imoNumber", v))),
        new Set(c.imoNumber?.map((v) => identifierKey("imoNumber", v))),
      ),
    ],
  ];
  const qYears = years(q.birthDate ?? []);
  const cYears = years(c.birthDate ?? []);
  const yearsDisjoint = disjoint(qYears, cYears);
  penalties.push(["dob_year_disjoint", yearsDisjoint]);
  const qDays = new Set((q.birthDate ?? []).filter((d) => d.length >= 10));
  const cDays = new Set((c.birthDate ?? []).filter((d) => d.length >= 10));
  penalties.push(["dob_day_disjoint", !yearsDisjoint && disjoint(qDays, cDays)]);
  penalties.push(["country_disjoint", disjoint(countries(q), countries(c))]);
  const qGender = new Set(
    (q.gender ?? []).map((g) => g.toLowerCase()).filter((g) => g === "male" || g === "female"),
  );
  const cGender = new Set(
    (c.gender ?? []).map((g) => g.toLowerCase()).filter((g) => g === "male" || g === "female"),
  );
  penalties.push(["gender_mismatch", disjoint(qGender, cGender)]);
  for (const [feature, applies] of penalties) {
    if (!applies) continue;
    features[feature] = FEATURES[feature].weight;
    score += FEATURES[feature].weight;
  }
  const result = round(Math.min(1, Math.max(0, score)));
  return best === undefined
    ? { score: result, features }
    : { score: result, features, names: best };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
