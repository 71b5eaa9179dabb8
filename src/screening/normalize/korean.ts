/**
 * Korean romanisation variants. Lists spell one Korean syllable several ways: Revised
 * Romanisation (Gim Jeong-eun), McCune–Reischauer without breves (Kim Chong-un) and the
 * spellings people use themselves (Kim Jong Un, Lee, Park, Choi). `koreanKey` maps every such
 * spelling of a syllable to one key; tokens that cannot be one romanised syllable stay as
 * they are.
 */

/** Whole-syllable spellings that the general rules below do not reach. */
const SPECIAL: Readonly<Record<string, string>> = {
  i: "ri",
  yi: "ri",
  li: "ri",
  lee: "ri",
  rhee: "ri",
  ree: "ri",
  rhi: "ri",
  yee: "ri",
  ri: "ri",
  park: "pak",
  bak: "pak",
  pak: "pak",
  choi: "choe",
  choe: "choe",
  u: "u",
  woo: "u",
  wu: "u",
  oo: "u",
  o: "o",
  oh: "o",
  un: "un",
  eun: "un",
  oon: "un",
};

const INITIALS = "(?:kk|tt|pp|ss|jj|tch|ch|sh|rh|kh|ph|th|k|g|n|d|t|r|l|m|b|p|s|j|h|f|c)";
const VOWELS = "(?:[yw]?[aeiou][aeiouwy]{0,2})";
const FINALS = "(?:ng|rk|k|n|l|m|p|t|g|h|r)";
const SYLLABLE = new RegExp(`^${INITIALS}?${VOWELS}${FINALS}?$`);

/** Whether `token` (folded ASCII) can be one romanised Korean syllable. */
export function isKoreanSyllable(token: string): boolean {
  return token.length <= 6 && SYLLABLE.test(token);
}

/** One key for every romanisation of a Korean syllable (CHOL/CHUL/CHEOL → "chol"). */
export function koreanKey(token: string): string {
  const special = SPECIAL[token];
  if (special !== undefined) return special;
  if (!isKoreanSyllable(token)) return token;
  let s = token;
  // Initials: RR voiced g/d/b/j are MR k/t/p/ch; l and r are one liquid.
  s = s
    .replace(/^kk|^gg/, "k")
    .replace(/^tt|^dd/, "t")
    .replace(/^pp|^bb/, "p")
    .replace(/^jj|^tch|^j|^c(?!h)/, "ch")
    .replace(/^g/, "k")
    .replace(/^d/, "t")
    .replace(/^b/, "p")
    .replace(/^l|^rh/, "r")
    .replace(/^kh/, "k")
    .replace(/^ph/, "p")
    .replace(/^th/, "t")
    .replace(/^sh/, "s");
  // Vowels: RR eo/eu are MR o/u; oo/ou spell u/o; ee spells i.
  s = s
    .replace(/eo/g, "o")
    .replace(/eu/g, "u")
    .replace(/oo/g, "u")
    .replace(/ou/g, "o")
    .replace(/ee/g, "i")
    .replace(/oi$/, "oe");
  // u before ng/l/k is written for MR o in common spellings (Jung, Sung, Chul, Suk, Hyun).
  s = s.replace(/ung$/, "ong").replace(/ul$/, "ol").replace(/uk$/, "ok");
  s = s.replace(/^hyun$/, "hyon");
  // Finals: Park-style r before k, and a trailing h (Oh) are spellings only.
  s = s.replace(/rk$/, "k").replace(/([aeiou])h$/, "$1");
  if (s.length > 1 && s.endsWith("g") && !s.endsWith("ng")) s = `${s.slice(0, -1)}k`;
  return s;
}
