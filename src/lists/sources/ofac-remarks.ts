/**
 * The Remarks column of OFAC's legacy sdn.csv: "key value" facts separated by "; ", each
 * alternative prefixed "alt.". Values are returned as FtM property values for the party; which
 * ones fit the party's schema is for the caller to decide.
 */
export type Remark =
  /** A value for a property of the designated party. */
  | {
      readonly kind: "value";
      readonly prop: string;
      readonly value: string;
      readonly segment: string;
    }
  /** A "Digital Currency Address - XBT 1abc" entry: a wallet the party holds. */
  | {
      readonly kind: "wallet";
      readonly currency: string;
      readonly address: string;
      readonly segment: string;
    }
  /** Sanction terms ("Secondary sanctions risk: ...") for the party's Sanction entity. */
  | { readonly kind: "provision"; readonly value: string; readonly segment: string }
  /** Text with no property of its own ("Linked To: X", a rank), kept in notes. */
  | { readonly kind: "note"; readonly segment: string }
  /** The last fact of a remark OFAC cut off at 1,000 characters: incomplete, so not parsed. */
  | { readonly kind: "cut"; readonly segment: string };

/** Parses OFAC remarks; with `cutOff`, the last fact is known to be incomplete. */
export function parseRemarks(text: string, cutOff = false): Remark[] {
  const body = stripFinalPeriod(text.replace(/\s+/g, " ").trim());
  if (body === "" || body === "-0-") return [];
  const segments = body
    .split(/\s*;\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== ";");
  // A cut that falls just after a "; " leaves every fact whole.
  const last = cutOff && !/;\s*$/.test(text) ? segments.pop() : undefined;
  const remarks = segments.flatMap(parseSegment);
  if (last !== undefined) remarks.push({ kind: "cut", segment: last.replace(/;$/, "") });
  return remarks;
}

/** "CO., LTD." keeps its period; otherwise the period closing the remarks is not data. */
function stripFinalPeriod(text: string): string {
  if (!text.endsWith(".")) return text;
  if (/(?:^|[\s,])(?:[A-Z]{2,5}|(?:[A-Z]\.)+[A-Z])\.$/.test(text)) return text;
  return text.slice(0, -1);
}

const MONTHS: Readonly<Record<string, string>> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};

/**
 * OFAC dates as ISO prefixes: "01 Jan 1960", "Jan 1960", "1960", "circa 1960", and ranges
 * ("1960 to 1962", "circa 1960-1962") as the dates they state. Undefined if not a date. Day and
 * month are not range-checked here: an impossible date is left for the value cleaner to report.
 */
export function parseOfacDates(text: string): string[] | undefined {
  const plain = text.replace(/^circa\s+/i, "").trim();
  const parts = plain.split(/\s+to\s+|(?<=^\d{4})-(?=\d{4}$)/);
  const dates: string[] = [];
  for (const part of parts) {
    const match = /^(?:(?:(\d{1,2}) )?([A-Z][a-z]{2}) )?(\d{4})$/.exec(part.trim());
    if (match === null) return undefined;
    const [, day, month, year] = match;
    if (month !== undefined && MONTHS[month] === undefined) return undefined;
    const iso = [year, month && MONTHS[month], day?.padStart(2, "0")].filter(Boolean).join("-");
    dates.push(iso);
  }
  return dates;
}

/** Labels of identifier-like facts, as OFAC spells them, and the property each fills. */
const LABELS: ReadonlyArray<readonly [string, string]> = [
  ...labels("passportNumber", [
    "Passport",
    "Diplomatic Passport",
    "British National Overseas Passport",
    "Stateless Person Passport",
  ]),
  ...labels("taxNumber", [
    "Tax ID No.",
    "NIT #",
    "RUC #",
    "RIF #",
    "V.A.T. Number",
    "Italian Fiscal Code",
    "Fiscal Code",
    "US FEIN",
    "R.F.C.",
    "R.F.C. #",
    "C.U.I.T.",
    "Numero Unico de Identificacao Tributaria (NUIT)",
  ]),
  ...labels("idNumber", [
    "National ID No.",
    "Cedula No.",
    "Identification Number",
    "Birth Certificate Number",
    "Driver's License No.",
    "Electoral Registry No.",
    "National Foreign ID Number",
    "Personal ID Card",
    "Residency Number",
    "SSN",
    "Turkish Identification Number",
    "Citizen's Card Number",
    "Kenyan ID No.",
    "Travel Document Number",
    "C.U.R.P.",
    "C.U.R.P. #",
    "D.N.I.",
    "NIE",
    "C.U.I.",
    "VisaNumberID",
    "SRE Permit No.",
    "File Number",
    "Refugee ID Card",
    "Tazkira National ID Card",
    "Immigration No.",
    "Pilot License Number",
    "Military Registration Number",
    "Public Security and Immigration No.",
    "Bosnian Personal ID No.",
    "Moroccan Personal ID No.",
    "Stateless Person ID Card",
    "CNP (Personal Numerical Code)",
    "Cartilla de Servicio Militar Nacional",
  ]),
  ...labels("registrationNumber", [
    "Registration Number",
    "Registration ID",
    "Government Gazette Number",
    "Business Registration Number",
    "Business Registration Document #",
    "Business Number",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "Commercial Registry Number",
    "Company Number",
    "UK Company Number",
    "Company ID: No.",
    "C.R. No.",
    "Trade License No.",
    "Tourism License No.",
    "License",
    "Economic Register Number (CBLS)",
    "Chamber of Commerce Number",
    "Istanbul Chamber of Comm. No.",
    "Dubai Chamber of Commerce Membership No.",
    "Central Registration System Number",
    "Enterprise Number",
    "Branch Unit Number",
    "Public Registration Number",
    "Chinese Commercial Code",
    "Permit Number",
    "Registered Charity No.",
    "Certificate of Incorporation Number",
    "Registration Certificate Number (Dubai)",
    "LE Number",
    "Organization Code",
    "MSB Registration Number",
    "Afghan Money Service Provider License Number",
    "BIK (RU)",
    "Vessel Registration Identification",
    "Aircraft Tail Number",
    "Previous Aircraft Tail Number",
  ]),
  ...labels("uscCode", [
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
  ]),
  ...labels("ogrnCode", ["Russian State Individual Business Registration Number Pattern (OGRNIP)"]),
  ...labels("dunsCode", ["D-U-N-S Number"]),
  ...labels("serialNumber", [
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
  ]),
  ...labels("phone", [
    "Phone Number",
    "PHONE",
    "Phone",
    "Telephone",
    "Telephone:",
    "Telephone No.",
  ]),
  ...labels("email", ["Email Address", "EMAIL", "Email"]),
  ...labels("website", ["Website"]),
  ...labels("swiftBic", ["SWIFT/BIC"]),
  ...labels("gender", ["Gender"]),
  ...labels("birthPlace", ["POB"]),
  ...labels("nationality", ["nationality"]),
  ...labels("citizenship", ["citizen"]),
  ...labels("jurisdiction", ["Nationality of Registration"]),
  ...labels("sector", ["Organization Type:"]),
  ...labels("classification", ["Target Type"]),
  ...labels("icaoCode", ["Aircraft Mode S Transponder Code"]),
  ...labels("model", ["Aircraft Model"]),
  ...labels("mmsi", ["MMSI"]),
  ...labels("pastFlags", ["Former Vessel Flag"]),
  ...labels("flag", ["Other Vessel Flag"]),
  ...labels("callSign", ["Other Vessel Call Sign"]),
  ...labels("type", ["Other Vessel Type"]),
].sort(([a], [b]) => b.length - a.length);

function labels(prop: string, names: readonly string[]): Array<readonly [string, string]> {
  return names.map((name) => [name, prop] as const);
}

/** Facts whose value is a date (or dates) rather than text. */
const DATE_LABELS: ReadonlyArray<readonly [string, string]> = [
  ["DOB", "birthDate"],
  ["Organization Established Date", "incorporationDate"],
  ["Aircraft Manufacture Date", "buildDate"],
  ["Vessel Year of Build", "buildDate"],
];

/** Properties whose values are document numbers: "123 (Country) issued ..." keeps only "123". */
const NUMBER_PROPS = new Set([
  "passportNumber",
  "taxNumber",
  "idNumber",
  "registrationNumber",
  "uscCode",
  "ogrnCode",
  "leiCode",
  "dunsCode",
]);

/** Sanction terms OFAC states about a party ("Secondary sanctions risk: ..."). */
export const SANCTION_TERM =
  /^(?:Secondary sanctions risk|Transactions Prohibited|Additional Sanctions Information|Executive Order \d+|CAATSA Section|IFCA Determination|PEESA Information|Listing Date \(|Effective Date \(|Purchase\/Sales For Listing Date|For more information on directives)/i;

const IMO =
  /^(?:Vessel Registration Identification|Identification Number|Company Number) IMO ?(\d+)(?: \([^)]*\))?$|^International Maritime Organization No\. \(?(\d+)\)?$/;

function parseSegment(raw: string): Remark[] {
  const segment = raw.replace(/^alt\.\s+/, "");
  const aka = /^([afn])\.k\.a\.,?\s+(.+)$/.exec(segment);
  if (aka !== null) return [akaRemark(aka[1] ?? "a", aka[2] ?? "", raw)];
  const imo = IMO.exec(segment);
  if (imo !== null)
    return [{ kind: "value", prop: "imoNumber", value: imo[1] ?? imo[2] ?? "", segment: raw }];
  const lei = /^Legal Entity Number (\S+)/.exec(segment);
  if (lei !== null) {
    // OFAC files some national registry numbers under this label; only LEI-shaped ones are LEIs.
    const isLei = /^[A-Z0-9]{18}\d{2}$/.test(lei[1] ?? "");
    return valueRemarks(isLei ? "leiCode" : "registrationNumber", segment.slice(20), raw);
  }
  const wallet = /^Digital Currency Address - ([A-Za-z0-9]+) (\S+)$/.exec(segment);
  if (wallet !== null)
    return [{ kind: "wallet", currency: wallet[1] ?? "", address: wallet[2] ?? "", segment: raw }];
  if (SANCTION_TERM.test(segment)) return [{ kind: "provision", value: segment, segment: raw }];
  for (const [label, prop] of DATE_LABELS) {
    if (!segment.startsWith(`${label} `)) continue;
    const dates = parseOfacDates(segment.slice(label.length + 1));
    if (dates === undefined) return [{ kind: "note", segment: raw }];
    return dates.map((value) => ({ kind: "value", prop, value, segment: raw }));
  }
  for (const [label, prop] of LABELS) {
    if (!segment.startsWith(`${label} `)) continue;
    return valueRemarks(prop, segment.slice(label.length + 1).trim(), raw);
  }
  return [{ kind: "note", segment: raw }];
}

function akaRemark(kind: string, quoted: string, segment: string): Remark {
  let name = quoted.trim();
  let weak = false;
  if (name.length >= 2 && name.startsWith("'") && name.endsWith("'")) name = name.slice(1, -1);
  // OFAC prints its weak (low-quality) a.k.a.s in double quotes, which the CSV renders as ''X''.
  if (name.length >= 3 && name.startsWith("'") && name.endsWith("'")) {
    name = name.slice(1, -1);
    weak = true;
  }
  const prop = kind === "f" ? "previousName" : weak ? "weakAlias" : "alias";
  return { kind: "value", prop, value: name, segment };
}

function valueRemarks(prop: string, rest: string, segment: string): Remark[] {
  if (NUMBER_PROPS.has(prop)) {
    const match = /^(.+?)(?:\s+\(([^)]*)\))*(?:,?\s+(?:issued|expires|expired)\b.*)?$/.exec(rest);
    const number = (match?.[1] ?? rest).replace(/,$/, "").trim();
    const remarks: Remark[] = [{ kind: "value", prop, value: number, segment }];
    // Issue and expiry dates have no property of their own on the party: keep them as text.
    if (/\b(?:issued|expires|expired)\b/.test(rest)) remarks.push({ kind: "note", segment });
    return remarks;
  }
  if (prop === "website" && !/^[a-z]+:\/\//i.test(rest))
    return [{ kind: "value", prop, value: `http://${rest}`, segment }];
  return [{ kind: "value", prop, value: rest, segment }];
}
