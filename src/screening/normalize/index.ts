/**
 * Name and identifier normalisation for screening: Unicode folding and transliteration to
 * Latin, name-part tokens, legal forms and stopwords, Korean romanisation variants.
 */
import { koreanReading } from "./hanja.js";
import { parseName } from "./name.js";

export { type FoldedToken, foldName, foldTokens } from "./fold.js";
export { koreanReading } from "./hanja.js";
export { identifierKey } from "./identifier.js";
export { isKoreanSyllable, koreanKey } from "./korean.js";
export { type NameKind, type NamePart, nameKind, type ParsedName, parseName } from "./name.js";

/**
 * The normalised tokens of a name used for candidate retrieval: folded, transliterated to
 * Latin, legal forms and stopwords dropped, each Korean romanisation variant reduced to one
 * key (CHOL/CHUL/CHEOL → "chol"). Empty for a name with no letters or digits.
 */
export function nameKeys(name: string, schema: string): string[] {
  const keys = parseName(name, schema).parts.map((p) => (p.symbol ? p.key.slice(1) : p.key));
  // Chinese characters read both ways, so that 金正恩 finds Kim Jong Un (see koreanReading).
  const korean = koreanReading(name);
  if (korean === undefined) return keys;
  return [...keys, ...nameKeys(korean, schema)];
}
