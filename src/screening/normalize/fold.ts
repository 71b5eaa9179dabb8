import anyAscii from "any-ascii";

/**
 * Scripts written one syllable (or one character) per name part: Hangul syllables and CJK
 * ideographs are transliterated one by one, so 김정은 gives "gim jeong eun" and not one word.
 */
function isSyllabic(code: number): boolean {
  return (
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul syllables
    (code >= 0x3400 && code <= 0x4dbf) || // CJK extension A
    (code >= 0x4e00 && code <= 0x9fff) || // CJK unified ideographs
    (code >= 0xf900 && code <= 0xfaff) // CJK compatibility ideographs
  );
}

/** Scripts that usually leave short vowels unwritten (Arabic, Hebrew, Syriac, Thaana, Thai). */
export function isAbjad(code: number): boolean {
  return (
    (code >= 0x0590 && code <= 0x08ff) || // Hebrew, Arabic, Syriac, Thaana, ...
    (code >= 0x0e00 && code <= 0x0e7f) || // Thai
    (code >= 0xfb1d && code <= 0xfdff) || // Hebrew and Arabic presentation forms A
    (code >= 0xfe70 && code <= 0xfeff) // Arabic presentation forms B
  );
}

/** One token of a name, with the script family it was written in. */
export interface FoldedToken {
  /** Lower-case ASCII letters and digits. */
  readonly text: string;
  /** Written in a script that omits vowels: compare by consonants. */
  readonly abjad: boolean;
  /** One Hangul syllable or CJK character. */
  readonly syllable: boolean;
  /** The Hangul syllable or CJK ideograph it was read from (石 and 市 are both "shi"). */
  readonly glyph?: string;
}

const APOSTROPHES = /['`ʼʻ’‘´]/g;

function pushWords(out: FoldedToken[], ascii: string, abjad: boolean, glyph?: string): void {
  const cleaned = ascii.toLowerCase().replace(APOSTROPHES, "").replace(/&/g, " and ");
  for (const word of cleaned.split(/[^a-z0-9]+/)) {
    if (word.length === 0) continue;
    out.push(
      glyph !== undefined
        ? { text: word, abjad, syllable: true, glyph }
        : { text: word, abjad, syllable: false },
    );
  }
}

/**
 * Splits a name into folded tokens: NFKC, transliterated to ASCII (any-ascii), lower-cased,
 * apostrophes dropped (O'Brien → obrien), other punctuation a separator (Jong-un → jong un).
 */
export function foldTokens(name: string): FoldedToken[] {
  const out: FoldedToken[] = [];
  let run = "";
  let runAbjad = false;
  const flush = (): void => {
    if (run.length > 0) pushWords(out, anyAscii(run), runAbjad);
    run = "";
  };
  for (const char of name.normalize("NFKC")) {
    const code = char.codePointAt(0) ?? 0;
    if (isSyllabic(code)) {
      flush();
      pushWords(out, anyAscii(char), false, char);
      continue;
    }
    const abjad = isAbjad(code);
    // A run keeps one script family; spaces and punctuation join either.
    if (run.length > 0 && abjad !== runAbjad && /\p{L}/u.test(char)) flush();
    if (/\p{L}/u.test(char)) runAbjad = abjad;
    run += char;
  }
  flush();
  return out;
}

/** The folded text of a name: its tokens joined by single spaces. */
export function foldName(name: string): string {
  return foldTokens(name)
    .map((token) => token.text)
    .join(" ");
}
