import type { NamePart, ParsedName } from "../normalize/name.js";
import { NAME_REFERENCE } from "../normalize/reference-data.js";
import { consonantSkeleton, phoneticKey, spellingNormal } from "./phonetic.js";

/** A run of adjacent parts of one name compared as one (Jong Un against Jongun). */
interface Unit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly key: string;
  readonly part: NamePart;
  /** Derived forms, computed once per unit. */
  readonly spelling: string;
  readonly skeleton: string;
  readonly phonetic: string;
}

/** Cost of substituting one character code for another: rigour's confusables cost half. */
const SUBSTITUTION = (() => {
  const table = new Float64Array(128 * 128).fill(1);
  for (let c = 0; c < 128; c++) table[c * 128 + c] = 0;
  for (const [a, b] of NAME_REFERENCE.similarPairs) {
    const x = a.charCodeAt(0);
    const y = b.charCodeAt(0);
    if (x < 128 && y < 128) {
      table[x * 128 + y] = 0.5;
      table[y * 128 + x] = 0.5;
    }
  }
  return table;
})();

let matrix = new Float64Array(64 * 64);
const counts = new Int32Array(128);

/**
 * Damerau-Levenshtein similarity (optimal string alignment: a swap of two adjacent letters
 * is one edit) where rigour's confusable pairs (c/k, i/y, o/u, 0/o) cost half. Strings whose
 * lengths alone put them below 0.5 get that bound without the full computation.
 */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const n = a.length;
  const m = b.length;
  const longest = Math.max(n, m);
  if (n === 0 || m === 0) return 0;
  const bound = 1 - Math.abs(n - m) / longest;
  if (bound < 0.5) return bound;
  // Letters one string has and the other lacks each need an edit (half, if confusable).
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = a.charCodeAt(i) & 127;
    counts[c] = (counts[c] ?? 0) + 1;
  }
  let common = 0;
  for (let j = 0; j < m; j++) {
    const c = b.charCodeAt(j) & 127;
    const left = counts[c] ?? 0;
    if (left > 0) {
      counts[c] = left - 1;
      common++;
    }
  }
  const letterBound = 1 - (0.5 * (longest - common)) / longest;
  if (letterBound < 0.5) return letterBound;
  const width = m + 1;
  if (matrix.length < (n + 1) * width) matrix = new Float64Array((n + 1) * width * 2);
  const d = matrix;
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    const row = i * width;
    d[row] = i;
    const x = a.charCodeAt(i - 1) & 127;
    const xPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= m; j++) {
      const y = b.charCodeAt(j - 1) & 127;
      const cost = SUBSTITUTION[x * 128 + y] as number;
      let value = (d[row - width + j - 1] as number) + cost;
      const del = (d[row - width + j] as number) + 1;
      if (del < value) value = del;
      const ins = (d[row + j - 1] as number) + 1;
      if (ins < value) value = ins;
      if (i > 1 && j > 1 && x === b.charCodeAt(j - 2) && xPrev === y && x !== y) {
        const swap = (d[row - 2 * width + j - 2] as number) + 1;
        if (swap < value) value = swap;
      }
      d[row + j] = value;
    }
  }
  return 1 - (d[n * width + m] as number) / longest;
}

/** Tuning of the name similarity (documented in docs/screening.md). */
export const NAME_WEIGHTS = {
  /** Part pairs less alike than this are not aligned: both parts are left over. */
  minPair: 0.65,
  /** How steeply an imperfect pair loses: credit = 1 − steep × (1 − similarity). */
  steep: 2,
  /** Weight of a part only one name has (a middle name), relative to its length. */
  extraPerson: 0.3,
  extraOrg: 0.6,
  /** Factor on the score when both names keep parts the other lacks (Boris/Viktor X). */
  conflict: 0.6,
  /** Factor on the score when a number is in one name only (Company 23 / Company). */
  number: 0.5,
  /** Weight of a symbol part (company, trading, bin) relative to a plain part. */
  symbol: 0.5,
  /** Similarity of an initial to a name it begins (J. / John). */
  initial: 0.8,
  /** Similarity of two parts with one phonetic key or one consonant skeleton. */
  phonetic: 0.85,
  /** Similarity of two parts that differ in vowels only (Usama / Osama). */
  vowels: 0.92,
} as const;

/** How alike two units are, 0 to 1. `korean`: both names read as Korean. */
export function partSimilarity(a: Unit, b: Unit, person: boolean, korean: boolean): number {
  // Two names in one syllabic script compare by their glyphs: 高石 and 高市 read alike (shi),
  // 재형 and 재명 romanise close, and are different names all the same.
  if (a.part.glyph !== undefined && b.part.glyph !== undefined)
    return a.part.glyph === b.part.glyph ? 1 : 0;
  if (a.text === b.text) return 1;
  if (a.part.symbol && b.part.symbol) return a.key === b.key ? 1 : 0;
  if (a.part.number || b.part.number) return 0;
  if (korean && a.key === b.key) return 1;
  if (a.part.alternatives.includes(b.text) || b.part.alternatives.includes(a.text)) return 0.9;
  const short = a.text.length <= b.text.length ? a.text : b.text;
  const long = short === a.text ? b.text : a.text;
  if (short.length === 1) return person && long.startsWith(short) ? NAME_WEIGHTS.initial : 0;
  let best = editSimilarity(a.text, b.text);
  if (a.spelling !== a.text || b.spelling !== b.text)
    best = Math.max(best, editSimilarity(a.spelling, b.spelling));
  // Spellings that differ in vowels only are the commonest transliteration variants
  // (Usama/Osama, Laden/Ladin, Kyong/Kyung).
  // Korean syllables are short: their spelling variants are in the keys, and a phonetic or
  // vowel-blind reading would make different syllables alike (Jeong / Ung).
  if (korean) return Math.max(best, editSimilarity(a.key, b.key));
  if (best < NAME_WEIGHTS.vowels && best >= 0.6 && short.length >= 3 && a.skeleton === b.skeleton)
    best = NAME_WEIGHTS.vowels;
  if (a.part.abjad || b.part.abjad)
    best = Math.max(
      best,
      a.skeleton === b.skeleton ? 0.92 : editSimilarity(a.skeleton, b.skeleton) * 0.9,
    );
  if (best < NAME_WEIGHTS.phonetic && best >= 0.5 && short.length >= 3 && a.phonetic === b.phonetic)
    best = NAME_WEIGHTS.phonetic;
  return best;
}

function unit(from: number, to: number, part: NamePart): Unit {
  return {
    from,
    to,
    text: part.text,
    key: part.key,
    part,
    spelling: spellingNormal(part.text),
    skeleton: consonantSkeleton(part.text),
    phonetic: phoneticKey(part.text),
  };
}

const unitCache = new WeakMap<ParsedName, Unit[]>();

/** Every part, and every run of two or three adjacent parts joined (Jong Un → jongun). */
function units(name: ParsedName): Unit[] {
  const cached = unitCache.get(name);
  if (cached !== undefined) return cached;
  const out: Unit[] = [];
  const parts = name.parts;
  for (let i = 0; i < parts.length; i++) {
    const first = parts[i] as NamePart;
    out.push(unit(i, i + 1, first));
    let text = first.text;
    let key = first.key;
    let glyph = first.glyph;
    for (let j = i + 1; j < Math.min(parts.length, i + 3); j++) {
      const next = parts[j] as NamePart;
      if (next.number || first.number) break;
      text += next.text;
      key += next.key;
      glyph = glyph !== undefined && next.glyph !== undefined ? glyph + next.glyph : undefined;
      const { glyph: _, ...rest } = first;
      const joined: NamePart = { ...rest, text, key, symbol: false, alternatives: [] };
      out.push(unit(i, j + 1, glyph === undefined ? joined : { ...joined, glyph }));
    }
  }
  unitCache.set(name, out);
  return out;
}

function weight(part: NamePart): number {
  const length = Math.max(2, part.text.length);
  return part.symbol ? length * NAME_WEIGHTS.symbol : length;
}

function plainCount(name: ParsedName): number {
  return name.parts.filter((p) => !p.symbol).length;
}

const PARTICLES = new Set(["@bin", "@bint", "@ould"]);

/** Indexes of the parts after a "bin"/"bint"/"ould" particle: fathers' names. */
function patronyms(name: ParsedName): number[] {
  const out: number[] = [];
  name.parts.forEach((p, i) => {
    if (PARTICLES.has(p.key) && i + 1 < name.parts.length) out.push(i + 1);
  });
  return out;
}

/**
 * Whether a father's name of one name (X bin Y) is aligned to a part of the other that is
 * not a father's name: Abdullah bin Omar and Omar bin Abdullah are father and son.
 */
function patronymsDiffer(a: ParsedName, b: ParsedName, pairIndex: Map<number, number>): boolean {
  const x = patronyms(a);
  const y = new Set(patronyms(b));
  if (x.length === 0 || y.size === 0) return false;
  return x.some((i) => {
    const aligned = pairIndex.get(i);
    return aligned !== undefined && !y.has(aligned);
  });
}

/** One aligned pair of the explanation. */
export interface AlignedPair {
  readonly query: string;
  readonly candidate: string;
  readonly similarity: number;
}

/** The outcome of comparing two names. */
export interface NameComparison {
  readonly score: number;
  readonly pairs: AlignedPair[];
  /** Parts of the query and of the candidate left without a partner. */
  readonly leftover: { readonly query: string[]; readonly candidate: string[] };
}

/**
 * Token-aware, order-insensitive similarity of two parsed names, 0 to 1: parts are aligned
 * greedily by similarity (up to three adjacent parts may pair with one joined part), each
 * pair counts by its similarity and the parts' lengths; a part only one name has (a middle
 * name) counts a little against the score, parts both names keep (Boris / Viktor) a lot,
 * and a number in one name only more still.
 */
export function nameSimilarity(a: ParsedName, b: ParsedName): NameComparison {
  if (a.parts.length === 0 || b.parts.length === 0)
    return { score: 0, pairs: [], leftover: { query: [], candidate: [] } };
  const person = a.kind === "person" && b.kind === "person";
  const korean = a.korean && b.korean;
  const ua = units(a);
  const ub = units(b);
  const scored: { x: Unit; y: Unit; sim: number; span: number }[] = [];
  for (const x of ua)
    for (const y of ub) {
      if (x.to - x.from > 1 && y.to - y.from > 1) continue;
      const sim = partSimilarity(x, y, person, korean);
      if (sim >= NAME_WEIGHTS.minPair)
        scored.push({ x, y, sim, span: x.to - x.from + y.to - y.from });
    }
  scored.sort((p, q) => q.sim - p.sim || p.span - q.span);
  const usedA = new Array<boolean>(a.parts.length).fill(false);
  const usedB = new Array<boolean>(b.parts.length).fill(false);
  let matched = 0;
  let total = 0;
  const pairs: AlignedPair[] = [];
  const pairIndex = new Map<number, number>();
  for (const { x, y, sim } of scored) {
    if (usedA.slice(x.from, x.to).some(Boolean) || usedB.slice(y.from, y.to).some(Boolean))
      continue;
    let w = 0;
    for (let i = x.from; i < x.to; i++) {
      usedA[i] = true;
      w += weight(a.parts[i] as NamePart);
    }
    for (let j = y.from; j < y.to; j++) {
      usedB[j] = true;
      w += weight(b.parts[j] as NamePart);
    }
    for (let i = x.from; i < x.to; i++) pairIndex.set(i, y.from);
    matched += Math.max(0, 1 - NAME_WEIGHTS.steep * (1 - sim)) * w;
    total += w;
    pairs.push({ query: x.text, candidate: y.text, similarity: Math.round(sim * 1000) / 1000 });
  }
  const leftA = a.parts.filter((_, i) => !usedA[i]);
  const leftB = b.parts.filter((_, j) => !usedB[j]);
  // A one-part name found inside a longer one (Walijan / Walijan Abdul Ghafoor Haqqani) is
  // weak evidence: the other parts count in full.
  const single = plainCount(a) === 1 || plainCount(b) === 1;
  const extra = single ? 1 : person ? NAME_WEIGHTS.extraPerson : NAME_WEIGHTS.extraOrg;
  // A Korean given name is two syllables: Ri Chol is not Ri Pyong Chol.
  const conflict =
    (leftA.length > 0 && leftB.length > 0 && [...leftA, ...leftB].some((p) => !p.symbol)) ||
    (korean && leftA.length + leftB.length > 0) ||
    (person && patronymsDiffer(a, b, pairIndex));
  for (const p of [...leftA, ...leftB]) total += weight(p) * (conflict ? 1 : extra);
  let score = total === 0 ? 0 : matched / total;
  if (conflict) score *= NAME_WEIGHTS.conflict;
  if ([...leftA, ...leftB].some((p) => p.number)) score *= NAME_WEIGHTS.number;
  return {
    score,
    pairs,
    leftover: { query: leftA.map((p) => p.text), candidate: leftB.map((p) => p.text) },
  };
}
