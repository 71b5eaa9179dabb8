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
 * is one edit) where rigour's confusable pairs (c/k, i/y, o/u, 0/o) cost half. The value is
 * exact when it is at least `floor`; below it, an upper bound that is below `floor` is
 * returned instead (from the lengths, the letters the strings share, or the alignment so
 * far), without the full computation.
 */
export function editSimilarity(a: string, b: string, floor = 0.5): number {
  if (a === b) return 1;
  const n = a.length;
  const m = b.length;
  const longest = Math.max(n, m);
  if (n === 0 || m === 0) return 0;
  const bound = 1 - Math.abs(n - m) / longest;
  if (bound < floor) return bound;
  // Letters one string has and the other lacks each need an edit (half, if confusable).
  for (let i = 0; i < n; i++) {
    const c = a.charCodeAt(i) & 127;
    counts[c] = (counts[c] as number) + 1;
  }
  let common = 0;
  for (let j = 0; j < m; j++) {
    const c = b.charCodeAt(j) & 127;
    const left = counts[c] as number;
    if (left > 0) {
      counts[c] = left - 1;
      common++;
    }
  }
  for (let i = 0; i < n; i++) counts[a.charCodeAt(i) & 127] = 0;
  const letterBound = 1 - (0.5 * (longest - common)) / longest;
  if (letterBound < floor) return letterBound;
  const width = m + 1;
  if (matrix.length < (n + 1) * width) matrix = new Float64Array((n + 1) * width * 2);
  const d = matrix;
  for (let j = 0; j <= m; j++) d[j] = j;
  // A lower bound on the distance through row i: its best cell plus the insertions or
  // deletions left to reach the corner. Every alignment passes through row i or row i − 1.
  let previousReach = Math.abs(n - m);
  for (let i = 1; i <= n; i++) {
    const row = i * width;
    d[row] = i;
    const x = a.charCodeAt(i - 1) & 127;
    const xPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    const offset = n - i - m;
    let reach = i + Math.abs(offset);
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
      const through = value + Math.abs(offset + j);
      if (through < reach) reach = through;
    }
    const least = Math.min(reach, previousReach);
    if (1 - least / longest < floor) return 1 - least / longest;
    previousReach = reach;
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

/**
 * How alike two units are, 0 to 1. `korean`: both names read as Korean. Only similarities of
 * at least 0.5 and at least `least` are exact (the caller aligns no pair less alike than
 * `least`): a lower one comes back as some value below that.
 */
export function partSimilarity(
  a: Unit,
  b: Unit,
  person: boolean,
  korean: boolean,
  least = 0,
): number {
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
  const phonetic = !korean && short.length >= 3 && a.phonetic === b.phonetic;
  const vowels = !korean && short.length >= 3 && a.skeleton === b.skeleton;
  // The rules below lift similarities from 0.5 (phonetic) or 0.6 (vowels) up: the edit
  // similarity is needed exactly from there, or from `least`.
  const floor = Math.max(
    0.5,
    phonetic ? Math.min(least, 0.5) : vowels ? Math.min(least, 0.6) : least,
  );
  let best = editSimilarity(a.text, b.text, floor);
  if (best < 1 && (a.spelling !== a.text || b.spelling !== b.text))
    best = Math.max(best, editSimilarity(a.spelling, b.spelling, floor));
  // Spellings that differ in vowels only are the commonest transliteration variants
  // (Usama/Osama, Laden/Ladin, Kyong/Kyung).
  // Korean syllables are short: their spelling variants are in the keys, and a phonetic or
  // vowel-blind reading would make different syllables alike (Jeong / Ung).
  if (korean) return Math.max(best, editSimilarity(a.key, b.key, floor));
  if (best < NAME_WEIGHTS.vowels && best >= 0.6 && vowels) best = NAME_WEIGHTS.vowels;
  if (a.part.abjad || b.part.abjad)
    best = Math.max(
      best,
      a.skeleton === b.skeleton
        ? 0.92
        : editSimilarity(a.skeleton, b.skeleton, Math.max(0.5, floor / 0.9 - 1e-9)) * 0.9,
    );
  if (best < NAME_WEIGHTS.phonetic && best >= 0.5 && phonetic) best = NAME_WEIGHTS.phonetic;
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
const NO_ALTERNATIVES: readonly string[] = [];

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
      const joined: NamePart = {
        text,
        key,
        symbol: false,
        abjad: first.abjad,
        korean: first.korean,
        alternatives: NO_ALTERNATIVES,
        number: first.number,
      };
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
  let count = 0;
  for (const p of name.parts) if (!p.symbol) count++;
  return count;
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
 * `alignedTo[i]`: the first part of `b` aligned with part i of `a`, or −1.
 */
function patronymsDiffer(a: ParsedName, b: ParsedName, alignedTo: Int32Array): boolean {
  const x = patronyms(a);
  if (x.length === 0) return false;
  const y = new Set(patronyms(b));
  if (y.size === 0) return false;
  return x.some((i) => {
    const aligned = alignedTo[i] as number;
    return aligned !== -1 && !y.has(aligned);
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

// Scratch space of nameSimilarity (which is not re-entered): the unit pairs alike enough to
// align, best first, and which parts are taken.
const pairX: Unit[] = [];
const pairY: Unit[] = [];
let pairSim = new Float64Array(64);
let pairSpan = new Int32Array(64);
let usedA = new Uint8Array(64);
let usedB = new Uint8Array(64);
let alignedTo = new Int32Array(64);

/**
 * Token-aware, order-insensitive similarity of two parsed names, 0 to 1: parts are aligned
 * greedily by similarity (up to three adjacent parts may pair with one joined part), each
 * pair counts by its similarity and the parts' lengths; a part only one name has (a middle
 * name) counts a little against the score, parts both names keep (Boris / Viktor) a lot,
 * and a number in one name only more still.
 */
export function nameSimilarity(a: ParsedName, b: ParsedName): NameComparison {
  const na = a.parts.length;
  const nb = b.parts.length;
  if (na === 0 || nb === 0) return { score: 0, pairs: [], leftover: { query: [], candidate: [] } };
  const person = a.kind === "person" && b.kind === "person";
  const korean = a.korean && b.korean;
  const ua = units(a);
  const ub = units(b);
  // The pairs in the order of a stable sort by similarity (best first), then span (shortest
  // first): each is inserted after every pair at least as good.
  let count = 0;
  for (const x of ua) {
    const xSpan = x.to - x.from;
    for (const y of ub) {
      const ySpan = y.to - y.from;
      if (xSpan > 1 && ySpan > 1) continue;
      const sim = partSimilarity(x, y, person, korean, NAME_WEIGHTS.minPair);
      if (sim < NAME_WEIGHTS.minPair) continue;
      const span = xSpan + ySpan;
      if (count === pairSim.length) {
        const sims = new Float64Array(count * 2);
        sims.set(pairSim);
        pairSim = sims;
        const spans = new Int32Array(count * 2);
        spans.set(pairSpan);
        pairSpan = spans;
      }
      let at = count;
      while (at > 0) {
        const other = pairSim[at - 1] as number;
        if (other > sim || (other === sim && (pairSpan[at - 1] as number) <= span)) break;
        pairX[at] = pairX[at - 1] as Unit;
        pairY[at] = pairY[at - 1] as Unit;
        pairSim[at] = other;
        pairSpan[at] = pairSpan[at - 1] as number;
        at--;
      }
      pairX[at] = x;
      pairY[at] = y;
      pairSim[at] = sim;
      pairSpan[at] = span;
      count++;
    }
  }
  if (usedA.length < na) usedA = new Uint8Array(na * 2);
  if (alignedTo.length < na) alignedTo = new Int32Array(na * 2);
  if (usedB.length < nb) usedB = new Uint8Array(nb * 2);
  usedA.fill(0, 0, na);
  alignedTo.fill(-1, 0, na);
  usedB.fill(0, 0, nb);
  let matched = 0;
  let total = 0;
  const pairs: AlignedPair[] = [];
  for (let k = 0; k < count; k++) {
    const x = pairX[k] as Unit;
    const y = pairY[k] as Unit;
    let taken = false;
    for (let i = x.from; i < x.to && !taken; i++) if (usedA[i] === 1) taken = true;
    for (let j = y.from; j < y.to && !taken; j++) if (usedB[j] === 1) taken = true;
    if (taken) continue;
    const sim = pairSim[k] as number;
    let w = 0;
    for (let i = x.from; i < x.to; i++) {
      usedA[i] = 1;
      w += weight(a.parts[i] as NamePart);
    }
    for (let j = y.from; j < y.to; j++) {
      usedB[j] = 1;
      w += weight(b.parts[j] as NamePart);
    }
    for (let i = x.from; i < x.to; i++) alignedTo[i] = y.from;
    matched += Math.max(0, 1 - NAME_WEIGHTS.steep * (1 - sim)) * w;
    total += w;
    pairs.push({ query: x.text, candidate: y.text, similarity: Math.round(sim * 1000) / 1000 });
  }
  const leftA: string[] = [];
  const leftB: string[] = [];
  let leftPlain = false;
  let leftNumber = false;
  for (let i = 0; i < na; i++)
    if (usedA[i] === 0) {
      const p = a.parts[i] as NamePart;
      leftA.push(p.text);
      if (!p.symbol) leftPlain = true;
      if (p.number) leftNumber = true;
    }
  for (let j = 0; j < nb; j++)
    if (usedB[j] === 0) {
      const p = b.parts[j] as NamePart;
      leftB.push(p.text);
      if (!p.symbol) leftPlain = true;
      if (p.number) leftNumber = true;
    }
  // A one-part name found inside a longer one (Walijan / Walijan Abdul Ghafoor Haqqani) is
  // weak evidence: the other parts count in full.
  const single = plainCount(a) === 1 || plainCount(b) === 1;
  const extra = single ? 1 : person ? NAME_WEIGHTS.extraPerson : NAME_WEIGHTS.extraOrg;
  // A Korean given name is two syllables: Ri Chol is not Ri Pyong Chol.
  const conflict =
    (leftA.length > 0 && leftB.length > 0 && leftPlain) ||
    (korean && leftA.length + leftB.length > 0) ||
    (person && patronymsDiffer(a, b, alignedTo));
  const factor = conflict ? 1 : extra;
  for (let i = 0; i < na; i++) if (usedA[i] === 0) total += weight(a.parts[i] as NamePart) * factor;
  for (let j = 0; j < nb; j++) if (usedB[j] === 0) total += weight(b.parts[j] as NamePart) * factor;
  let score = total === 0 ? 0 : matched / total;
  if (conflict) score *= NAME_WEIGHTS.conflict;
  if (leftNumber) score *= NAME_WEIGHTS.number;
  return { score, pairs, leftover: { query: leftA, candidate: leftB } };
}
