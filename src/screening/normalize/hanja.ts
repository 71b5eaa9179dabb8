import { translate } from "hanja/lib/translate.js";

// A Korean name in Hanja: a common Korean family name (about nine Koreans in ten bear one of
// these), then one or two characters. Other Han names are not given a Korean reading: it
// would only add candidates to screen.
const KOREAN_NAME =
  /^\s*[金李朴崔鄭姜趙尹張林韓吳申徐權黃安宋全洪柳高文梁孫裵白許劉南沈盧河丁成車具郭禹朱任羅辛閔池陳嚴元蔡千方孔玄咸卞廉楊邊呂秋魯都蘇愼石宣薛馬吉周延房魏表明奇潘王琴玉陸印孟諸卓秦鞠余睦桂][\p{Script=Han}]{1,2}\s*$/u;

// Surnames whose Korean reading differs from the character's common one: 金 is 금 (geum,
// gold) in words but 김 (Kim) as a family name.
const SURNAME_READINGS: Readonly<Record<string, string>> = { 金: "김" };

/**
 * The Sino-Korean reading of a Korean name written in Chinese characters, in Hangul
 * (金正恩 → 김정은), or undefined for a name that is not one. Korean names appear in Hanja in Chinese-language
 * documents; read as Mandarin (Jin Zhengen) they would not match their romanised listing.
 */
export function koreanReading(name: string): string | undefined {
  if (!KOREAN_NAME.test(name)) return undefined;
  const trimmed = name.trim();
  const first = trimmed.charAt(0);
  const surname = SURNAME_READINGS[first];
  const rest = surname === undefined ? trimmed : trimmed.slice(1);
  const reading = `${surname ?? ""}${translate(rest, "SUBSTITUTION")}`;
  return reading === trimmed ? undefined : reading;
}
