import { ftm } from "./ftm.js";

/**
 * Spellings of countries found on sanctions lists that are not FtM's own labels. FtM's
 * labels ("North Korea") cover most; the official long forms and list idioms come here.
 */
const LIST_SPELLINGS: Readonly<Record<string, string>> = {
  "democratic people's republic of korea": "kp",
  "korea, democratic people's republic of": "kp",
  "korea, north": "kp",
  "korea north": "kp",
  dprk: "kp",
  "republic of korea": "kr",
  "korea, south": "kr",
  "korea, republic of": "kr",
  "south korea": "kr",
  "russian federation": "ru",
  "iran (islamic republic of)": "ir",
  "iran, islamic republic of": "ir",
  "syrian arab republic": "sy",
  "lao people's democratic republic": "la",
  "viet nam": "vn",
  "united states of america": "us",
  usa: "us",
  "united kingdom of great britain and northern ireland": "gb",
  uk: "gb",
  "united republic of tanzania": "tz",
  "bolivia (plurinational state of)": "bo",
  "venezuela (bolivarian republic of)": "ve",
  "democratic republic of the congo": "cd",
  "congo, democratic republic of the": "cd",
  "congo, republic of the": "cg",
  "republic of the congo": "cg",
  "cote d ivoire": "ci",
  "côte d'ivoire": "ci",
  "the gambia": "gm",
  "gambia, the": "gm",
  "bahamas, the": "bs",
  burma: "mm",
  "hong kong": "hk",
  "hong kong sar": "hk",
  "china, hong kong sar": "hk",
  macau: "mo",
  "macao sar": "mo",
  "taiwan, province of china": "tw",
  "state of palestine": "ps",
  "palestinian territories": "ps",
  "republic of moldova": "md",
  "west bank": "ps",
  "gaza strip": "ps",
  turkiye: "tr",
  turkey: "tr",
  palestinian: "ps",
  "palestinian authority": "ps",
  "region: gaza": "ps",
  "north macedonia, the republic of": "mk",
  "virgin islands, british": "vg",
  "man, isle of": "im",
  "u.k.": "gb",
  "st. kitts & nevis": "kn",
  "china, hong kong special administrative region": "hk",
  // The UN's short name of the Republic of the Congo (DR Congo is spelled out).
  congo: "cg",
  "former soviet union": "suhh",
  türkiye: "tr",
  "czech republic": "cz",
  "north macedonia": "mk",
  "the former yugoslav republic of macedonia": "mk",
  "micronesia (federated states of)": "fm",
  "saint vincent and the grenadines": "vc",
  "st. vincent and the grenadines": "vc",
  "saint kitts and nevis": "kn",
  "st. kitts and nevis": "kn",
  "sao tome and principe": "st",
  "brunei darussalam": "bn",
  "cabo verde": "cv",
  eswatini: "sz",
  "timor-leste": "tl",
  "holy see": "va",
};

const byName: ReadonlyMap<string, string> = buildCountryIndex();

function buildCountryIndex(): Map<string, string> {
  const index = new Map<string, string>();
  for (const [code, label] of ftm.getType("country").values) {
    index.set(code, code);
    index.set(foldCountry(label), code);
  }
  for (const [name, code] of Object.entries(LIST_SPELLINGS)) index.set(foldCountry(name), code);
  return index;
}

function foldCountry(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/** The FtM country code for a code or a name as lists spell it, or undefined. */
export function countryCode(text: string): string | undefined {
  const folded = foldCountry(text);
  return byName.get(folded) ?? byName.get(folded.replace(/^the /, ""));
}
