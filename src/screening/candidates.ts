import { findProperty, getSchema } from "../model/index.js";
import { identifierKey, nameKeys } from "./normalize/index.js";
import type { ScreeningQuery } from "./types.js";

/** An entity as the index holds it: FtM JSON plus what a result shows about it. */
export interface IndexedEntity {
  readonly id: string;
  readonly schema: string;
  readonly caption: string;
  readonly properties: Readonly<Record<string, readonly string[]>>;
  readonly datasets: readonly string[];
  readonly first_seen: string;
  readonly last_seen: string;
}

/** One candidate: the entity and its retrieval weight (IDF-weighted token overlap). */
export interface Candidate {
  readonly entity: IndexedEntity;
  readonly weight: number;
}

export interface CandidateOptions {
  /** Only entities of these datasets (default: every dataset). */
  readonly datasets?: ReadonlySet<string>;
  /** How many candidates to return, best first. */
  readonly limit: number;
  /** Only entities whose schema is compatible with this one (default: the query's). */
  readonly schema?: string;
}

interface Doc {
  readonly entity: IndexedEntity;
  readonly dataset: string;
  readonly tokens: readonly string[];
  readonly identifiers: readonly string[];
}

/** A query token's posting lists, its own and its neighbours', and the weight of each. */
interface Term {
  readonly df: number;
  readonly lists: readonly Int32Array[];
  readonly weights: readonly number[];
}

/** Name properties whose values are indexed (FtM type "name"). */
export const NAME_PROPS = ["name", "alias", "weakAlias", "previousName", "abbreviation"] as const;

/** Identifier-typed properties that do not identify the entity itself. */
const NOT_IDENTIFYING = new Set(["programId", "wikidataId"]);

/** Weight of an identifier hit: it outranks any name overlap, as an IMO number is one hull. */
const IDENTIFIER_WEIGHT = 1000;
/** A token within one edit of a query token counts this much of its IDF. */
const FUZZY_FACTOR = 0.6;
/** Tokens shorter than this are not expanded by edit distance (too many neighbours). */
const FUZZY_MIN_LENGTH = 4;
/** Most query tokens whose posting lists are remembered (the cache is emptied when full). */
const TERM_CACHE = 50_000;

/**
 * The candidate index: an inverted index from name keys (`nameKeys`) and identifier keys
 * (`identifierKey`) to entities, built in parts, one per dataset, so that a new version of
 * one list replaces that part only. Retrieval never scores every entity: it walks the posting
 * lists of the query's tokens, rarest first, adds each token's IDF to the entities it names
 * (a common token only reinforces entities a rarer one already found), and returns the top N
 * by that weight for the algorithm to score.
 */
export class CandidateIndex {
  private readonly parts = new Map<string, { version: number; docs: readonly Doc[] }>();
  private docs: Doc[] = [];
  private postings = new Map<string, Int32Array>();
  private identifiers = new Map<string, Int32Array>();
  /** A deletion variant (one character removed) → vocabulary tokens that produce it. */
  private deletions = new Map<string, string[]>();
  private scratch = new Float64Array(0);
  private stamp = new Int32Array(0);
  private stampCounter = 0;
  /** Query schema → candidate schema → whether they are compatible. */
  private readonly compatible = new Map<string, Map<string, boolean>>();
  /** Query token → its posting lists and weights, for the postings as last linked. */
  private readonly terms = new Map<string, Term>();

  /** Dataset → the version each part was built from. */
  versions(): Record<string, number> {
    return Object.fromEntries([...this.parts].map(([name, part]) => [name, part.version]));
  }

  /** The number of indexed entities (an entity in two datasets counts twice). */
  get size(): number {
    return this.docs.length;
  }

  /** The version the part of `dataset` was built from, or undefined. */
  versionOf(dataset: string): number | undefined {
    return this.parts.get(dataset)?.version;
  }

  /** Replaces the part of `dataset` with `entities` (as of `version`) and re-links postings. */
  replacePart(dataset: string, version: number, entities: Iterable<IndexedEntity>): void {
    this.replaceParts([{ dataset, version, entities }], []);
  }

  /**
   * Replaces the parts of several datasets and drops others, re-linking the postings once.
   * Names are normalised for the new parts only; the other parts keep their keys.
   */
  replaceParts(
    parts: readonly {
      dataset: string;
      version: number;
      entities: Iterable<IndexedEntity>;
    }[],
    drop: readonly string[],
  ): void {
    for (const { dataset, version, entities } of parts) {
      const docs: Doc[] = [];
      for (const entity of entities) docs.push(makeDoc(dataset, entity));
      this.parts.set(dataset, { version, docs });
    }
    for (const dataset of drop) this.parts.delete(dataset);
    this.relink();
  }

  /** Every indexed entity, part by part. */
  *allEntities(): IterableIterator<IndexedEntity> {
    for (const doc of this.docs) yield doc.entity;
  }

  /** The entity `id` as indexed (first dataset part holding it), or undefined. */
  entity(id: string): IndexedEntity | undefined {
    return this.docs.find((doc) => doc.entity.id === id)?.entity;
  }

  /**
   * The best `limit` candidates for `query` by IDF-weighted overlap of name keys, plus every
   * entity sharing an identifier key with it. Entities of an incompatible schema (a Vessel for
   * a Person query) are left out.
   */
  candidates(query: ScreeningQuery, options: CandidateOptions): Candidate[] {
    const schema = options.schema ?? query.schema;
    const names = queryNames(query);
    const tokens = new Set<string>();
    for (const name of names) for (const t of tokenKeys(name, schema)) tokens.add(t);
    const idKeys = queryIdentifiers(query);
    return this.rank([...tokens], idKeys, schema, options);
  }

  /** Candidates for free text (a search box): its words as name keys and as identifiers. */
  search(text: string, options: CandidateOptions): Candidate[] {
    const schema = options.schema ?? "Thing";
    const tokens = [...new Set(tokenKeys(text, schema))];
    const words = [text, ...text.split(/\s+/).filter(Boolean)];
    // Wallet addresses are case-sensitive, other numbers are not: try both readings.
    const idKeys = words.flatMap((w) => [
      identifierKey("idNumber", w),
      identifierKey("publicKey", w),
    ]);
    return this.rank(tokens, idKeys, schema, options);
  }

  private rank(
    tokens: readonly string[],
    idKeys: readonly string[],
    schema: string,
    options: CandidateOptions,
  ): Candidate[] {
    const total = this.docs.length;
    if (total === 0) return [];
    const acc = this.scratch;
    const touched: number[] = [];
    const add = (doc: number, weight: number) => {
      if (acc[doc] === 0) touched.push(doc);
      acc[doc] = (acc[doc] ?? 0) + weight;
    };
    for (const key of new Set(idKeys)) {
      const docs = this.identifiers.get(key);
      if (docs !== undefined) for (const doc of docs) add(doc, IDENTIFIER_WEIGHT);
    }
    // Rarest first: once enough entities are found, a common token ("mohammed", "kim") only
    // adds to those already found instead of opening thousands of new ones.
    const terms = tokens
      .map((token) => this.term(token, total))
      .filter((t) => t.df > 0)
      .sort((a, b) => a.df - b.df);
    const open = Math.max(options.limit * 8, 200);
    for (const term of terms) {
      const stamp = ++this.stampCounter;
      const onlyKnown = touched.length >= open;
      const apply = (docs: Int32Array, weight: number) => {
        for (const doc of docs) {
          if (this.stamp[doc] === stamp) continue;
          if (onlyKnown && acc[doc] === 0) continue;
          this.stamp[doc] = stamp;
          add(doc, weight);
        }
      };
      for (let k = 0; k < term.lists.length; k++)
        apply(term.lists[k] as Int32Array, term.weights[k] as number);
    }
    // The best `limit` entities, best first (ties in the order they were found), one entry
    // per entity id: what a stable sort of every touched entity by weight would keep.
    const limit = options.limit;
    const best: number[] = [];
    const compatible = this.compatibleWith(schema);
    for (const doc of touched) {
      const weight = acc[doc] as number;
      if (best.length >= limit && weight <= (acc[best[best.length - 1] as number] as number))
        continue;
      const d = this.docs[doc];
      if (d === undefined) continue;
      if (options.datasets !== undefined && !options.datasets.has(d.dataset)) continue;
      if (!this.compatibleSchema(compatible, schema, d.entity.schema)) continue;
      const id = d.entity.id;
      const same = best.findIndex((other) => this.docs[other]?.entity.id === id);
      if (same >= 0) {
        if ((acc[best[same] as number] as number) >= weight) continue;
        best.splice(same, 1);
      }
      let at = best.length;
      while (at > 0 && (acc[best[at - 1] as number] as number) < weight) at--;
      best.splice(at, 0, doc);
      if (best.length > limit) best.pop();
    }
    const kept: Candidate[] = [];
    for (const doc of best)
      kept.push({ entity: (this.docs[doc] as Doc).entity, weight: acc[doc] as number });
    for (const doc of touched) acc[doc] = 0;
    return kept;
  }

  /** Vocabulary tokens one edit (insertion, deletion, substitution, no transposition) away. */
  private neighbours(token: string): string[] {
    if (token.length < FUZZY_MIN_LENGTH) return [];
    const found = new Set<string>();
    for (const variant of [token, ...deletionsOf(token)]) {
      for (const near of this.deletions.get(variant) ?? []) if (near !== token) found.add(near);
      if (variant !== token && this.postings.has(variant)) found.add(variant);
    }
    return [...found];
  }

  /** Updates the deletion variants for the tokens that entered or left the vocabulary. */
  private relinkDeletions(previous: ReadonlyMap<string, unknown>): void {
    for (const token of previous.keys()) {
      if (token.length < FUZZY_MIN_LENGTH || this.postings.has(token)) continue;
      for (const variant of deletionsOf(token)) {
        const list = this.deletions.get(variant)?.filter((t) => t !== token) ?? [];
        if (list.length === 0) this.deletions.delete(variant);
        else this.deletions.set(variant, list);
      }
    }
    for (const token of this.postings.keys()) {
      if (token.length < FUZZY_MIN_LENGTH || previous.has(token)) continue;
      for (const variant of deletionsOf(token)) {
        const list = this.deletions.get(variant);
        if (list === undefined) this.deletions.set(variant, [token]);
        else list.push(token);
      }
    }
  }

  /** Candidate schema → whether it is compatible with the query schema `query`. */
  private compatibleWith(query: string): Map<string, boolean> {
    let map = this.compatible.get(query);
    if (map === undefined) {
      map = new Map();
      this.compatible.set(query, map);
    }
    return map;
  }

  private compatibleSchema(known: Map<string, boolean>, query: string, candidate: string): boolean {
    let ok = known.get(candidate);
    if (ok === undefined) {
      const q = getSchema(query);
      const c = getSchema(candidate);
      ok = q.name === "Thing" || c.isA(q.name) || q.isA(c.name);
      known.set(candidate, ok);
    }
    return ok;
  }

  /**
   * A query token's posting lists as retrieval walks them: its own (full IDF), then its
   * neighbours' (a share of theirs); `df` counts its postings and its neighbours.
   */
  private term(token: string, total: number): Term {
    const cached = this.terms.get(token);
    if (cached !== undefined) return cached;
    const exact = this.postings.get(token);
    const fuzzy = this.neighbours(token);
    const lists: Int32Array[] = [];
    const weights: number[] = [];
    if (exact !== undefined) {
      lists.push(exact);
      weights.push(idf(total, exact.length));
    }
    for (const near of fuzzy) {
      const docs = this.postings.get(near);
      if (docs !== undefined) {
        lists.push(docs);
        weights.push(FUZZY_FACTOR * idf(total, docs.length));
      }
    }
    const term = { df: (exact?.length ?? 0) + fuzzy.length, lists, weights };
    if (this.terms.size >= TERM_CACHE) this.terms.clear();
    this.terms.set(token, term);
    return term;
  }

  private relink(): void {
    const previous = this.postings;
    this.docs = [...this.parts.values()].flatMap((part) => part.docs);
    const postings = new Map<string, number[]>();
    const identifiers = new Map<string, number[]>();
    this.docs.forEach((doc, n) => {
      for (const token of doc.tokens) push(postings, token, n);
      for (const key of doc.identifiers) push(identifiers, key, n);
    });
    this.postings = freeze(postings);
    this.identifiers = freeze(identifiers);
    this.relinkDeletions(previous);
    this.terms.clear();
    this.scratch = new Float64Array(this.docs.length);
    this.stamp = new Int32Array(this.docs.length);
    this.stampCounter = 0;
  }
}

function idf(total: number, df: number): number {
  return Math.log(1 + total / df);
}

function push(map: Map<string, number[]>, key: string, doc: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [doc]);
  else if (list[list.length - 1] !== doc) list.push(doc);
}

function freeze(map: Map<string, number[]>): Map<string, Int32Array> {
  const out = new Map<string, Int32Array>();
  for (const [key, list] of map) out.set(key, Int32Array.from(list));
  return out;
}

function deletionsOf(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < token.length; i++) out.push(token.slice(0, i) + token.slice(i + 1));
  return out;
}

/**
 * The retrieval keys of one name: its name keys, and each pair of adjacent keys written as
 * one ("jong un" also gives "jongun"), so that KIM JONG UN and KIM JONGUN share a key.
 */
export function tokenKeys(name: string, schema: string): string[] {
  const keys = nameKeys(name, schema).filter((k) => k.length > 0);
  const out = [...keys];
  for (let i = 0; i + 1 < keys.length; i++) out.push(`${keys[i]}${keys[i + 1]}`);
  return out;
}

function makeDoc(dataset: string, entity: IndexedEntity): Doc {
  const tokens = new Set<string>();
  for (const prop of NAME_PROPS)
    for (const name of entity.properties[prop] ?? [])
      for (const t of tokenKeys(name, entity.schema)) tokens.add(t);
  const identifiers = new Set<string>();
  const schema = getSchema(entity.schema);
  for (const [prop, values] of Object.entries(entity.properties)) {
    if (NOT_IDENTIFYING.has(prop) || findProperty(schema, prop)?.type.name !== "identifier")
      continue;
    for (const value of values) {
      const key = identifierKey(prop, value);
      if (key.length > 0) identifiers.add(key);
    }
  }
  return { entity, dataset, tokens: [...tokens], identifiers: [...identifiers] };
}

const NAME_PARTS = ["firstName", "secondName", "middleName", "fatherName", "lastName"] as const;

/** The names of a query: its name properties, or its name parts joined when it has none. */
export function queryNames(query: ScreeningQuery): string[] {
  const names = NAME_PROPS.flatMap((prop) => query.properties[prop] ?? []);
  if (names.length > 0) return names;
  const parts = NAME_PARTS.flatMap((prop) => query.properties[prop] ?? []);
  return parts.length > 0 ? [parts.join(" ")] : [];
}

/** The identifier keys of a query, from every identifier-typed property of its schema. */
export function queryIdentifiers(query: ScreeningQuery): string[] {
  const schema = getSchema(query.schema);
  const keys: string[] = [];
  for (const [prop, values] of Object.entries(query.properties)) {
    if (NOT_IDENTIFYING.has(prop) || findProperty(schema, prop)?.type.name !== "identifier")
      continue;
    for (const value of values) {
      const key = identifierKey(prop, value);
      if (key.length > 0) keys.push(key);
    }
  }
  return keys;
}
