import {
  cleanDate,
  EntityDraft,
  type Location,
  makeId,
  type ValueIssue,
} from "../../model/index.js";
import { failedRecord, type ListFormat, type ListInput, type ParsedRecord } from "../format.js";
import { child, children, streamXmlRecords, textAt, textsOf, type XmlElement } from "../xml.js";

const NAMESPACE = "http://eu.europa.ec/fpi/fsd/export";
const AUTHORITY = "Council of the European Union";

/**
 * The EU Financial Sanctions Files XML (`xmlFullSanctionsList_1_1`): an `export` root with
 * one `sanctionEntity` per designated party. Each becomes a Person (subject type "person")
 * or an Organization ("enterprise"), id `eu-fsf-<logicalId>`, with one Sanction.
 */
export const euFsfXml: ListFormat = {
  id: "eu-fsf-xml",
  source: "eu",
  label: "EU consolidated financial sanctions XML",
  sniff: (head) =>
    /<(?:\w+:)?export[\s>]/.test(head) &&
    (head.includes(NAMESPACE) || /<(?:\w+:)?sanctionEntity[\s>]/.test(head)),
  read: readEuFsf,
};

async function* readEuFsf(input: ListInput): AsyncIterable<ParsedRecord> {
  const records = streamXmlRecords(input.text(), input.label, {
    isRecord: (path) => path.length === 2 && path[1] === "sanctionEntity",
    onOpen: (path, attrs) => {
      const date = attrs.generationDate?.slice(0, 10);
      if (path.length === 1 && date !== undefined && cleanDate(date).ok) input.setPublished(date);
    },
  });
  for await (const element of records) yield readEntity(element, input.label);
}

/** Where a value of the record came from: the child element's line and the XML attribute. */
interface Place {
  readonly at: Location;
  readonly issues: ValueIssue[];
}

function readEntity(entry: XmlElement, file: string): ParsedRecord {
  const logicalId = attr(entry, "logicalId");
  const element =
    logicalId === undefined ? "sanctionEntity" : `sanctionEntity[logicalId=${logicalId}]`;
  const at: Location = { file, line: entry.line, element };
  if (logicalId === undefined)
    return failedRecord(at, "sanctionEntity has no logicalId", "logicalId");
  const names = children(entry, "nameAlias").filter((n) => attr(n, "wholeName") !== undefined);
  if (names.length === 0) return failedRecord(at, "no nameAlias with a wholeName", "nameAlias");

  const issues: ValueIssue[] = [];
  const code = attr(child(entry, "subjectType"), "code")?.toLowerCase();
  const schema =
    code === "person" ? "Person" : code === "enterprise" ? "Organization" : "LegalEntity";
  if (code !== "person" && code !== "enterprise")
    issues.push({
      ...at,
      field: "subjectType",
      ...(code === undefined ? {} : { value: code }),
      message: "unknown subject type, read as LegalEntity",
      severity: "warning",
    });
  const party = new EntityDraft(schema, makeId("eu-fsf", logicalId), at);
  party.add("topics", "sanction");
  const place = (node: XmlElement, field?: string): Place => ({
    at: { file, line: node.line, element: `${element}/${node.name}`, ...(field ? { field } : {}) },
    issues,
  });

  readNames(party, names, place);
  for (const node of children(entry, "citizenship"))
    put(party, "nationality", country(node), place(node, "countryIso2Code"));
  for (const node of children(entry, "birthdate")) readBirth(party, node, place);
  for (const node of children(entry, "identification")) readIdentification(party, node, place);
  for (const node of children(entry, "address")) readAddress(party, node, place);
  party.add("notes", textsOf(entry, "remark"));

  const sanction = readSanction(entry, party, logicalId);
  return { location: at, entities: [party, sanction], issues };
}

/** Adds `value` to `prop` if the party's schema has it; else keeps it as a warning. */
function put(party: EntityDraft, prop: string, value: string | undefined, place: Place): void {
  if (value === undefined) return;
  if (party.accepts(prop)) {
    party.add(prop, value, { at: place.at });
    return;
  }
  place.issues.push({
    ...place.at,
    value,
    message: `${party.schema.name} has no property "${prop}"; value not imported`,
    severity: "warning",
  });
}

/** The first strong name is the name; other strong ones aliases, weak ones weakAlias. */
function readNames(
  party: EntityDraft,
  names: readonly XmlElement[],
  place: (n: XmlElement, f?: string) => Place,
): void {
  const isWeak = (node: XmlElement): boolean => {
    const remark = textAt(node, "remark")?.toLowerCase() ?? "";
    if (/lo\w* quality/.test(remark)) return true;
    if (/(good|high) quality/.test(remark)) return false;
    return attr(node, "strong")?.toLowerCase() === "false";
  };
  const primary = names.find((n) => !isWeak(n)) ?? names[0];
  const isPerson = party.schema.isA("Person");
  for (const node of names) {
    const whole = attr(node, "wholeName");
    const at = place(node, "wholeName");
    if (node === primary) party.add("name", whole, { at: at.at });
    else if (whole !== undefined && !party.get("name").includes(whole))
      party.add(isWeak(node) ? "weakAlias" : "alias", whole, { at: at.at });
    const remark = textAt(node, "remark");
    if (remark !== undefined && !/quality/i.test(remark)) party.add("notes", remark);
    if (isPerson && !isWeak(node)) {
      put(party, "firstName", attr(node, "firstName"), place(node, "firstName"));
      put(party, "middleName", attr(node, "middleName"), place(node, "middleName"));
      put(party, "lastName", attr(node, "lastName"), place(node, "lastName"));
    }
    put(party, "gender", attr(node, "gender"), place(node, "gender"));
    put(party, isPerson ? "position" : "notes", attr(node, "function"), place(node, "function"));
    put(party, isPerson ? "title" : "notes", attr(node, "title"), place(node, "title"));
  }
}

/** A full date, or year/monthOfYear/dayOfMonth; year ranges give both years. */
function readBirth(
  party: EntityDraft,
  node: XmlElement,
  place: (n: XmlElement, f?: string) => Place,
): void {
  const full = attr(node, "birthdate");
  const year = attr(node, "year");
  if (full !== undefined) put(party, "birthDate", full, place(node, "birthdate"));
  else if (year !== undefined)
    put(
      party,
      "birthDate",
      joinDate(year, attr(node, "monthOfYear"), attr(node, "dayOfMonth")),
      place(node, "year"),
    );
  for (const field of ["yearRangeFrom", "yearRangeTo"])
    put(party, "birthDate", attr(node, field), place(node, field));
  const where = [attr(node, "city"), attr(node, "place"), attr(node, "region"), countryName(node)];
  const text = where.filter((p) => p !== undefined).join(", ");
  put(party, "birthPlace", text === "" ? undefined : text, place(node, "city"));
  put(party, "birthCountry", country(node), place(node, "countryIso2Code"));
  party.add("notes", textsOf(node, "remark"));
}

/** `2021-3-4` → `2021-03-04`, kept as written when not numeric so the draft reports it. */
function joinDate(year: string, month?: string, day?: string): string {
  const pad = (n: string) => (/^\d$/.test(n) ? `0${n}` : n);
  if (month === undefined || Number(month) === 0) return year;
  if (day === undefined || Number(day) === 0) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const ID_PROPS: Readonly<Record<string, string>> = {
  passport: "passportNumber",
  id: "idNumber",
  regnumber: "registrationNumber",
  fiscalcode: "taxNumber",
  swiftbic: "swiftBic",
  imo: "imoNumber",
};

function readIdentification(
  party: EntityDraft,
  node: XmlElement,
  place: (n: XmlElement, f?: string) => Place,
): void {
  const code = attr(node, "identificationTypeCode")?.toLowerCase() ?? "other";
  const wanted = ID_PROPS[code] ?? "idNumber";
  const prop = party.accepts(wanted) ? wanted : "idNumber";
  const numbers = [attr(node, "number"), attr(node, "latinNumber")].filter((n) => n !== undefined);
  for (const number of new Set(numbers)) put(party, prop, number, place(node, "number"));
  const flags = ["knownFalse", "knownExpired", "reportedLost", "revokedByIssuer"].filter(
    (f) => attr(node, f)?.toLowerCase() === "true",
  );
  const remarks = [...textsOf(node, "remark"), ...flags];
  if (remarks.length > 0 && numbers.length > 0) {
    const kind = attr(node, "identificationTypeDescription") ?? code;
    party.add("notes", `${kind} ${numbers.join(" / ")}: ${remarks.join("; ")}`);
  }
}

const CONTACT_PROPS: Readonly<Record<string, string>> = {
  phone: "phone",
  fax: "phone",
  email: "email",
  web: "website",
  website: "website",
};

function readAddress(
  party: EntityDraft,
  node: XmlElement,
  place: (n: XmlElement, f?: string) => Place,
): void {
  const poBox = attr(node, "poBox");
  const parts = [
    attr(node, "street"),
    poBox === undefined ? undefined : `P.O. Box ${poBox}`,
    attr(node, "place"),
    [attr(node, "zipCode"), attr(node, "city")].filter((p) => p !== undefined).join(" "),
    attr(node, "region"),
    countryName(node),
  ].filter((p) => p !== undefined && p !== "");
  if (parts.length > 0) put(party, "address", parts.join(", "), place(node, "street"));
  put(party, "country", country(node), place(node, "countryIso2Code"));
  party.add("notes", textsOf(node, "remark"));
  for (const info of children(node, "contactInfo")) {
    const prop = CONTACT_PROPS[attr(info, "key")?.toLowerCase() ?? ""];
    const value = attr(info, "value");
    if (prop === undefined || value === undefined) {
      if (value !== undefined) party.add("notes", `${attr(info, "key") ?? "contact"}: ${value}`);
      continue;
    }
    for (const one of value.split(/[,;]/))
      put(party, prop, one.trim() || undefined, place(info, "value"));
  }
}

/** One Sanction for the party: every regulation's programme and act, and the dates. */
function readSanction(entry: XmlElement, party: EntityDraft, logicalId: string): EntityDraft {
  const at = party.location;
  const sanction = new EntityDraft("Sanction", makeId("eu-fsf-sanction", logicalId), at);
  sanction.link("entity", party);
  sanction.add("authority", AUTHORITY);
  sanction.add("authorityId", attr(entry, "euReferenceNumber"));
  sanction.add("unscId", attr(entry, "unitedNationId"));
  const designated = attr(entry, "designationDate");
  sanction.add("listingDate", designated, { at: { ...at, field: "designationDate" } });
  sanction.add("startDate", designated, { at: { ...at, field: "designationDate" } });
  const inForce: { date: string; at: Location }[] = [];
  for (const regulation of children(entry, "regulation")) {
    const where = { ...at, line: regulation.line, element: `${at.element}/regulation` };
    sanction.add("program", attr(regulation, "programme"));
    sanction.add("summary", attr(regulation, "numberTitle"));
    sanction.add("sourceUrl", textAt(regulation, "publicationUrl"), {
      at: { ...where, field: "publicationUrl" },
    });
    const date = attr(regulation, "entryIntoForceDate") ?? attr(regulation, "publicationDate");
    if (date !== undefined) inForce.push({ date, at: { ...where, field: "entryIntoForceDate" } });
  }
  // Without a designation date, the listing started with the earliest act that brought it in.
  const first = inForce.sort((a, b) => a.date.localeCompare(b.date))[0];
  if (designated === undefined && first !== undefined)
    sanction.add("startDate", first.date, { at: first.at });
  return sanction;
}

/** An attribute's trimmed value, or undefined when absent or blank. */
function attr(node: XmlElement | undefined, name: string): string | undefined {
  const value = node?.attrs[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** The ISO code of a country-bearing element; "00" and "UNKNOWN" mean none. */
function country(node: XmlElement): string | undefined {
  const code = attr(node, "countryIso2Code");
  if (code !== undefined && code !== "00") return code;
  return countryName(node);
}

function countryName(node: XmlElement): string | undefined {
  const name = attr(node, "countryDescription");
  return name === undefined || name.toUpperCase() === "UNKNOWN" ? undefined : name;
}
