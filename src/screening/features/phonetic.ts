/**
 * A small phonetic key for romanised name parts, in the spirit of Metaphone: spellings that
 * sound alike in the common romanisations get one key (Mohammed/Muhamad, Schulz/Shults,
 * Philip/Filip). Vowels other than the first are dropped.
 */
export function phoneticKey(token: string): string {
  const letters = token.replace(/[^a-z]/g, "");
  // The first letter keeps its class: a vowel is "a", j and y stay consonants (Jeong, Yong).
  const head = /^[aeiou]/.test(letters) ? "a" : "";
  let s = (head === "" ? letters : letters.slice(1))
    .replace(/sch|sh|ch|tch|zh|ss|sz|cz|tsch|ts|tz|dz|z|x/g, "s")
    .replace(/ph|v|w/g, "f")
    .replace(/ck|c|q|kh|gh|g|k/g, "k")
    .replace(/dh|th|dt|d|t/g, "t")
    .replace(/b|p/g, "p")
    .replace(/(.)\1+/g, "$1");
  const first = s.slice(0, 1);
  s = s
    .slice(1)
    .replace(/j|y/g, "i")
    .replace(/h/g, "")
    .replace(/[aeiou]/g, "");
  return head + first + s;
}

/**
 * The consonant skeleton of a part, for names from scripts that leave vowels unwritten:
 * محمد → "mhmd" and Mohamed → "mhmd"; w and y count as vowels (they write long vowels).
 */
export function consonantSkeleton(token: string): string {
  return token.replace(/[aeiouwy0-9]/g, "").replace(/(.)\1+/g, "$1");
}

/**
 * A spelling normal form for edit distance: letters that romanisations write differently for
 * one sound are written one way (x/ks, ph/f, ck/k, q/k), so
 * Aleksandr and Alexander differ by one edit, not three.
 */
export function spellingNormal(token: string): string {
  return token.replace(/x/g, "ks").replace(/ph/g, "f").replace(/ck/g, "k").replace(/q/g, "k");
}
