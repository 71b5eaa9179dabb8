import { type FoldedToken, foldTokens } from "./fold.js";
import { isKoreanSyllable, koreanKey } from "./korean.js";
import { NAME_REFERENCE } from "./reference-data.js";

/** How a schema's names are read: people, organisations or objects (vessels, aircraft). */
export type NameKind = "person" | "org" | "object";

const ORG_SCHEMATA = new Set(["Company", "Organization", "LegalEntity", "PublicBody"]);
const OBJECT_SCHEMATA = new Set(["Vessel", "Airplane", "Vehicle"]);

/** The kind of name a schema has; unknown schemata are read as organisations. */
export function nameKind(schema: string): NameKind {
  if (schema === "Person") return "person";
  if (OBJECT_SCHEMATA.has(schema)) return "object";
  if (ORG_SCHEMATA.has(schema)) return "org";
  return "org";
}

/** One part of a parsed name. */
export interface NamePart {
  /** Folded text (lower-case ASCII). */
  readonly text: string;
  /** The key for retrieval and exact comparison: Korean variants and symbols collapsed. */
  readonly key: string;
  /** A symbol (org term, person particle) that stands for its spellings; weighs less. */
  readonly symbol: boolean;
  /** Written in a script without vowels (Arabic, Hebrew, Thai). */
  readonly abjad: boolean;
  /** Can be one romanised Korean syllable. */
  readonly korean: boolean;
  /** Other names it may stand for (nicknames, cross-script spellings), as keys. */
  readonly alternatives: readonly string[];
  /** A number (digits, or a Roman numeral in an organisation's name): must match exactly. */
  readonly number: boolean;
  /** The Hangul syllable or CJK ideograph it was read from, if any. */
  readonly glyph?: string;
}

/** A name read for comparison: its parts and the legal forms found in it. */
export interface ParsedName {
  readonly kind: NameKind;
  readonly parts: readonly NamePart[];
  /** Compare forms of the legal forms in the name ("llc", "jsc"). */
  readonly legalForms: readonly string[];
  /** Generic forms of those legal forms, where rigour gives one. */
  readonly genericForms: readonly string[];
  /** Every part can be a romanised Korean syllable: compare Korean variants as equal. */
  readonly korean: boolean;
}

interface PhraseTable {
  /** First token → phrases (as token arrays) starting with it, longest first, with a value. */
  readonly byFirst: Map<string, { tokens: string[]; value: string; extra: string }[]>;
}

/**
 * Joins runs of single letters into one token (P.T. → "pt", S.A. → "sa"): organisation and
 * vessel names are read this way, so that P.T. and PT are one legal form and C.B.A. one word.
 */
function joinLetters<T extends { readonly text: string }>(tokens: readonly T[]): T[] {
  const out: T[] = [];
  let run: T[] = [];
  const flush = (): void => {
    const first = run[0];
    if (first !== undefined && run.length > 1)
      out.push({ ...first, text: run.map((t) => t.text).join("") });
    else out.push(...run);
    run = [];
  };
  for (const token of tokens) {
    if (/^[a-z]$/.test(token.text)) run.push(token);
    else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
}

function phraseTable(
  entries: Iterable<[phrase: string, value: string, extra: string]>,
  joined = false,
): PhraseTable {
  const byFirst = new Map<string, { tokens: string[]; value: string; extra: string }[]>();
  for (const [phrase, value, extra] of entries) {
    const split = phrase.split(" ").map((text) => ({ text }));
    const tokens = (joined ? joinLetters(split) : split).map((t) => t.text);
    const first = tokens[0];
    if (first === undefined || first.length === 0) continue;
    const list = byFirst.get(first) ?? [];
    list.push({ tokens, value, extra });
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return { byFirst };
}

/** The longest phrase of `table` starting at `tokens[at]`. */
function matchPhrase(
  table: PhraseTable,
  tokens: readonly FoldedToken[],
  at: number,
): { length: number; value: string; extra: string } | undefined {
  const first = tokens[at];
  if (first === undefined) return undefined;
  for (const phrase of table.byFirst.get(first.text) ?? []) {
    if (phrase.tokens.every((t, i) => tokens[at + i]?.text === t))
      return { length: phrase.tokens.length, value: phrase.value, extra: phrase.extra };
  }
  return undefined;
}

function* groupEntries(
  groups: Readonly<Record<string, readonly string[]>>,
): Iterable<[string, string, string]> {
  for (const [key, phrases] of Object.entries(groups))
    for (const phrase of phrases) yield [phrase, key, ""];
}

const LEGAL_FORMS = phraseTable(
  (function* () {
    for (const [key, generic, aliases] of NAME_REFERENCE.orgTypes)
      for (const alias of aliases) yield [alias, key, generic] as [string, string, string];
  })(),
  true,
);
const ORG_SYMBOLS = phraseTable(groupEntries(NAME_REFERENCE.orgSymbols), true);
const PERSON_SYMBOLS = phraseTable(groupEntries(NAME_REFERENCE.personSymbols));
const PREFIXES: Record<NameKind, PhraseTable> = {
  person: phraseTable(NAME_REFERENCE.personPrefixes.map((p) => [p, "", ""])),
  org: phraseTable(
    NAME_REFERENCE.orgPrefixes.map((p) => [p, "", ""]),
    true,
  ),
  object: phraseTable(
    NAME_REFERENCE.objectPrefixes.map((p) => [p, "", ""]),
    true,
  ),
};

/** Name → the other names a part may stand for (nicknames, cross-script spellings). */
const ALTERNATIVES: Map<string, string[]> = (() => {
  const map = new Map<string, string[]>();
  const add = (from: string, to: string): void => {
    if (from === to) return;
    const list = map.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    map.set(from, list);
  };
  for (const [nick, names] of Object.entries(NAME_REFERENCE.personNicks))
    for (const name of names) {
      add(nick, name);
      add(name, nick);
    }
  for (const [group, names] of Object.entries(NAME_REFERENCE.personNameParts))
    for (const name of names) add(name, group);
  return map;
})();

const ROMAN = /^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$/;

function part(token: FoldedToken, key: string, symbol: boolean, kind: NameKind): NamePart {
  const korean = !symbol && isKoreanSyllable(token.text);
  const number = /\d/.test(token.text)
    ? kind !== "person"
    : kind !== "person" && token.text.length > 1 && ROMAN.test(token.text);
  const base = {
    text: token.text,
    key: symbol ? key : korean ? koreanKey(token.text) : token.text,
    symbol,
    abjad: token.abjad,
    korean,
    alternatives: ALTERNATIVES.get(token.text) ?? [],
    number,
  };
  return token.glyph === undefined ? base : { ...base, glyph: token.glyph };
}

/**
 * Joins runs of single letters in the names of organisations and objects into one part
 * (C.B.A. Company → "cba"), after legal forms (A/S, S.A.) have been taken out.
 */
function joinParts(parts: readonly NamePart[]): NamePart[] {
  const out: NamePart[] = [];
  let run: NamePart[] = [];
  const flush = (): void => {
    if (run.length > 1) {
      const text = run.map((p) => p.text).join("");
      out.push({ ...(run[0] as NamePart), text, key: text, korean: false });
    } else out.push(...run);
    run = [];
  };
  for (const p of parts) {
    if (!p.symbol && p.text.length === 1 && /[a-z]/.test(p.text)) run.push(p);
    else {
      flush();
      out.push(p);
    }
  }
  flush();
  return out;
}

const ARTICLES = new Set(["al", "el", "ul"]);

/** Joining words that organisation names spell several ways (H&M, H and M). */
const ORG_STOPWORDS = new Set(["and", "und", "et", "of", "the", "for"]);

/** Number words in organisation and vessel names (3 Percenters, Three Percenters). */
const NUMBER_WORDS: Readonly<Record<string, string>> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
};

/**
 * A legal form at `i`, taken only at the start of the name or in the run of forms that ends
 * it ("II" is a legal form somewhere, but in "Fund II Denmark A/S" it is a number).
 */
function legalFormAt(
  tokens: readonly FoldedToken[],
  i: number,
  start: number,
): { length: number; value: string; extra: string } | undefined {
  const form = matchPhrase(LEGAL_FORMS, tokens, i);
  if (form === undefined || i === start) return form;
  for (let j = i + form.length; j < tokens.length; ) {
    const next = matchPhrase(LEGAL_FORMS, tokens, j);
    if (next === undefined) return undefined;
    j += next.length;
  }
  return form;
}

/**
 * Reads a name for comparison: folded tokens without leading titles and prefixes (Mr, Dr,
 * MV), legal forms of organisations taken out (LLC, OOO, JSC, Co. Ltd.), organisation
 * terms and person particles reduced to rigour's symbols (Corporation → co, ibn → bin).
 */
export function parseName(name: string, schema: string): ParsedName {
  const kind = nameKind(schema);
  const folded = foldTokens(name);
  const tokens = kind === "person" ? folded : joinLetters(folded);
  let start = 0;
  for (;;) {
    const prefix = matchPhrase(PREFIXES[kind], tokens, start);
    if (prefix === undefined || start + prefix.length >= tokens.length) break;
    start += prefix.length;
  }
  const parts: NamePart[] = [];
  const legalForms: string[] = [];
  const genericForms: string[] = [];
  for (let i = start; i < tokens.length; ) {
    const token = tokens[i] as FoldedToken;
    if (kind !== "person") {
      const form = legalFormAt(tokens, i, start);
      // A name that is nothing but a legal form keeps it as its name.
      if (form !== undefined && (parts.length > 0 || i + form.length < tokens.length)) {
        legalForms.push(form.value);
        if (form.extra.length > 0) genericForms.push(form.extra);
        i += form.length;
        continue;
      }
    }
    if (kind !== "person" && ORG_STOPWORDS.has(token.text) && i > start) {
      i++;
      continue;
    }
    // The Arabic article is written al, el, ul or joined (al-Assad, el-Assad).
    if (kind === "person" && ARTICLES.has(token.text) && i + 1 < tokens.length) {
      parts.push(part({ ...token, text: "al" }, "@al", true, kind));
      i++;
      continue;
    }
    const symbols = kind === "person" ? PERSON_SYMBOLS : ORG_SYMBOLS;
    const symbol = matchPhrase(symbols, tokens, i);
    if (symbol !== undefined) {
      const text = tokens
        .slice(i, i + symbol.length)
        .map((t) => t.text)
        .join("");
      parts.push(part({ ...token, text }, `@${symbol.value}`, true, kind));
      i += symbol.length;
      continue;
    }
    const number = kind === "person" ? undefined : NUMBER_WORDS[token.text];
    parts.push(
      part(number === undefined ? token : { ...token, text: number }, token.text, false, kind),
    );
    i++;
  }
  const plain = parts.filter((p) => !p.symbol);
  const korean = plain.length > 0 && plain.every((p) => p.korean);
  return {
    kind,
    parts: kind === "person" ? parts : joinParts(parts),
    legalForms,
    genericForms,
    korean,
  };
}
