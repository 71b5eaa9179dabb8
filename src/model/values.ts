import type { Property } from "@opensanctions/followthemoney";
import { countryCode } from "./countries.js";
import { ftm } from "./ftm.js";

/** A value cleaned to its FtM form, or why it could not be. */
export type Cleaned = { readonly ok: true; readonly value: string } | Rejected;
type Rejected = { readonly ok: false; readonly message: string };

const reject = (message: string): Rejected => ({ ok: false, message });
const accept = (value: string): Cleaned => ({ ok: true, value });

/**
 * Cleans `raw` for FtM property `prop`: collapses whitespace, then checks and normalises the
 * value by the property's type (dates to ISO prefixes, countries to codes, IMO numbers with
 * their check digit). Empty input is rejected with message "empty".
 */
export function cleanValue(prop: Property, raw: string): Cleaned {
  const text = raw.replace(/\s+/g, " ").trim();
  if (text === "") return reject("empty");
  switch (prop.type.name) {
    case "date":
      return cleanDate(text);
    case "country":
      return cleanCountry(text);
    case "gender":
      return cleanGender(text);
    case "identifier":
      return cleanIdentifier(prop, text);
    case "topic":
      return ftm.getType("topic").values.has(text) ? accept(text) : reject("unknown topic");
    case "email":
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)
        ? accept(text)
        : reject("not an email address");
    case "url":
      return cleanUrl(text);
    case "number":
      return /\d/.test(text) ? accept(text) : reject("not a number");
    default:
      return accept(text);
  }
}

const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/** Accepts ISO 8601 dates with any precision (1960, 1960-05, 1960-05-02, with time). */
export function cleanDate(text: string): Cleaned {
  const match = ISO_DATE.exec(text);
  if (match === null) return reject("not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)");
  const [, year, month, day] = match;
  const y = Number(year);
  if (y < 1000 || y > 2200) return reject("year out of range");
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12))
    return reject("no such month");
  if (day !== undefined && month !== undefined) {
    const lastDay = new Date(Date.UTC(y, Number(month), 0)).getUTCDate();
    if (Number(day) < 1 || Number(day) > lastDay) return reject("no such day in that month");
  }
  return accept(text);
}

/** Builds an ISO date prefix from parts, leaving out what is unknown; undefined if invalid. */
export function isoDate(
  year: number | string,
  month?: number | string,
  day?: number | string,
): string | undefined {
  const pad = (n: number | string) => String(n).padStart(2, "0");
  const parts = [String(year)];
  if (month !== undefined && month !== "" && Number(month) > 0) {
    parts.push(pad(month));
    if (day !== undefined && day !== "" && Number(day) > 0) parts.push(pad(day));
  }
  const text = parts.join("-");
  const cleaned = cleanDate(text);
  return cleaned.ok ? cleaned.value : undefined;
}

/**
 * http(s) URLs. Lists mostly write bare host names ("www.mebank.ir", "kkbc.com.kp/en"): those
 * get "http://", so the site is kept rather than dropped.
 */
function cleanUrl(text: string): Cleaned {
  // A slash lost in transcription ("https:/keremetbank.kg", in OFAC's 2025 list) is put back.
  const url = text.replace(/^(https?):\/(?!\/)/i, "$1://");
  if (/^https?:\/\/\S+$/i.test(url)) return accept(url);
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/:?#]\S*)?$/i.test(text)) return accept(`http://${text}`);
  return reject("not an http(s) URL");
}

// What lists write where they know no country ("Flag: None Identified"): no value, no warning.
const NO_COUNTRY = new Set(["none identified", "undetermined", "unknown", "n/a"]);

function cleanCountry(text: string): Cleaned {
  if (NO_COUNTRY.has(text.toLowerCase())) return reject("empty");
  const code = countryCode(text);
  return code === undefined ? reject("unknown country") : accept(code);
}

function cleanGender(text: string): Cleaned {
  const folded = text.toLowerCase();
  if (folded === "m" || folded === "male") return accept("male");
  if (folded === "f" || folded === "female") return accept("female");
  if (folded === "other") return accept("other");
  return reject("unknown gender");
}

function cleanIdentifier(prop: Property, text: string): Cleaned {
  switch (prop.format) {
    case "imo":
      return cleanImo(text, prop.schema.name === "Vessel");
    case "bic":
      return /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(text.replace(/\s/g, "").toUpperCase())
        ? accept(text.replace(/\s/g, "").toUpperCase())
        : reject("not a SWIFT/BIC code");
    case "lei":
      return /^[A-Z0-9]{18}\d{2}$/.test(text.toUpperCase())
        ? accept(text.toUpperCase())
        : reject("not an LEI code");
    default:
      return accept(text);
  }
}

/**
 * IMO numbers: seven digits. A ship's last digit checks the first six (weights 7 to 2,
 * mod 10); company and owner numbers use another scheme, so only ships are checked.
 */
export function cleanImo(text: string, isShip: boolean): Cleaned {
  const digits = text.replace(/^IMO[\s:.#-]*/i, "").replace(/\s/g, "");
  if (!/^\d{7}$/.test(digits)) return reject("an IMO number has seven digits");
  if (isShip && !imoCheckDigitHolds(digits)) return reject("IMO check digit does not match");
  return accept(`IMO${digits}`);
}

export function imoCheckDigitHolds(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(digits[i]) * (7 - i);
  return sum % 10 === Number(digits[6]);
}
