import { cleanDate, EntityDraft, Invalid, type Location, makeId } from "../../model/index.js";
import {
  failedRecord,
  type ListFormat,
  type ListInput,
  type ParsedRecord,
  SOURCES,
} from "../format.js";
import { children, streamXmlRecords, textAt, textsOf, type XmlElement } from "../xml.js";

/**
 * The UN Security Council consolidated list in its own XML schema (`CONSOLIDATED_LIST` with
 * `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY`), as scsanctions.un.org publishes it. Each
 * record becomes a Person or an Organization with one Sanction.
 */
export const unScXml: ListFormat = {
  id: "un-sc-xml",
  source: "un-sc",
  label: "UN Security Council consolidated list XML",
  sniff: (head) => ROOT_TAG.test(head),
  read: readUnSc,
};

const ROOT_TAG = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<CONSOLIDATED_LIST[\s>]/;
const RECORD_PATHS = new Set([
  "CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL",
  "CONSOLIDATED_LIST/ENTITIES/ENTITY",
]);

async function* readUnSc(input: ListInput): AsyncIterable<ParsedRecord> {
  const records = streamXmlRecords(input.text(), input.label, {
    isRecord: (path) => path.length === 3 && RECORD_PATHS.has(path.join("/")),
    onOpen: (path, attrs) => {
      if (path.length !== 1) return;
      if (path[0] !== "CONSOLIDATED_LIST")
        throw new Invalid("bad_root", `${input.label}: not a UN consolidated list`, [
          { file: input.label, element: path[0], message: "root must be CONSOLIDATED_LIST" },
        ]);
      // dateGenerated is a timestamp ("2026-02-27T00:00:09.554Z"); the list is dated by its day.
      const day = attrs.dateGenerated?.slice(0, 10);
      if (day !== undefined && cleanDate(day).ok) input.setPublished(day);
    },
  });
  for await (const element of records) yield readRecord(element, input.label);
}

const NAME_PARTS = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"] as const;

/** Alias qualities as the list spells them (individuals: Good/Low; entities: a.k.a./f.k.a.). */
const ALIAS_PROPS: Readonly<Record<string, string>> = {
  good: "alias",
  "a.k.a.": "alias",
  low: "weakAlias",
  "f.k.a.": "previousName",
};

function readRecord(el: XmlElement, file: string): ParsedRecord {
  const ref = textAt(el, "REFERENCE_NUMBER");
  const location: Location = { file, line: el.line, element: recordPath(el, ref) };
  const dataId = textAt(el, "DATAID");
  if (dataId === undefined) return failedRecord(location, `${el.name} without DATAID`, "DATAID");
  // FIRST_NAME..FOURTH_NAME are name parts in the order the list writes them, not roles: Korean
  // and Chinese names put the family name first, Arabic ones a patronymic in the middle. So
  // only the full name is kept, not firstName/lastName that would be wrong for many.
  const names = NAME_PARTS.map((part) => textAt(el, part)).filter(isGiven);
  if (names.length === 0) return failedRecord(location, `${el.name} without a name`, "FIRST_NAME");
  const isPerson = el.name === "INDIVIDUAL";
  // Entities are groups, companies and state bodies alike; Organization (not LegalEntity) is
  // the FtM schema that holds the IMO company numbers the DPRK listings give.
  const party = new EntityDraft(
    isPerson ? "Person" : "Organization",
    makeId("unsc", dataId),
    location,
  );
  party.add("name", names.join(" "));
  party.add("alias", textAt(el, "NAME_ORIGINAL_SCRIPT"));
  party.add("topics", "sanction");
  party.add("notes", textAt(el, "COMMENTS1"));
  addAliases(party, el, location);
  addAddresses(party, el);
  if (isPerson) addPersonFacts(party, el, location);
  else addImoNumbers(party, el);
  return { location, entities: [party, sanctionOf(party, el, dataId, ref, location)] };
}

function addAliases(party: EntityDraft, el: XmlElement, location: Location): void {
  for (const alias of children(el, `${el.name}_ALIAS`)) {
    const name = textAt(alias, "ALIAS_NAME");
    if (name === undefined) continue;
    const quality = textAt(alias, "QUALITY") ?? "";
    const prop = ALIAS_PROPS[quality.toLowerCase()];
    if (prop === undefined && quality !== "")
      party.issues.push({
        ...at(location, alias, "QUALITY"),
        field: "QUALITY",
        value: quality,
        message: "unknown alias quality, kept as alias",
        severity: "warning",
      });
    party.add(prop ?? "alias", splitAliases(name));
    const note = textAt(alias, "NOTE");
    if (note !== undefined) party.add("notes", `${name}: ${note}`);
    if (!party.schema.isA("Person")) continue;
    // An alias can carry its own date and place of birth (another identity of the person).
    const dob = children(alias, "DATE_OF_BIRTH")[0];
    if (dob !== undefined)
      party.add("birthDate", dob.text, { at: at(location, dob, `${alias.name}/DATE_OF_BIRTH`) });
    party.add("birthPlace", joinParts(alias, ["CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"]));
    party.add("birthCountry", countryText(textAt(alias, "COUNTRY_OF_BIRTH")));
  }
}

/** "A; B b) C" lists several spellings in one alias; parenthesised ones are left whole. */
function splitAliases(name: string): string[] {
  if (!name.includes(";") || name.includes("(")) return [name];
  return name
    .split(/\s*;\s*|\s+[b-z]\)\s+/)
    .map((part) => part.replace(/^[a-z]\)\s+/, "").trim())
    .filter((part) => part !== "");
}

function addAddresses(party: EntityDraft, el: XmlElement): void {
  for (const address of children(el, `${el.name}_ADDRESS`)) {
    const country = textAt(address, "COUNTRY");
    const full = joinParts(address, ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]);
    // A country alone is a country, not an address.
    if (full !== undefined && full !== country) party.add("address", full);
    party.add("country", countryText(country));
    const note = textAt(address, "NOTE");
    if (note !== undefined) party.add("notes", `Address${full ? ` ${full}` : ""}: ${note}`);
  }
}

function addPersonFacts(party: EntityDraft, el: XmlElement, location: Location): void {
  party.add("gender", textAt(el, "GENDER"));
  party.add("title", textsOf(children(el, "TITLE")[0], "VALUE"));
  party.add("position", textsOf(children(el, "DESIGNATION")[0], "VALUE"));
  for (const nationality of children(el, "NATIONALITY"))
    party.add("nationality", textsOf(nationality, "VALUE").map(countryText));
  for (const dob of children(el, "INDIVIDUAL_DATE_OF_BIRTH")) addBirthDate(party, dob, location);
  for (const pob of children(el, "INDIVIDUAL_PLACE_OF_BIRTH")) {
    party.add("birthPlace", joinParts(pob, ["STREET", "CITY", "STATE_PROVINCE", "COUNTRY"]));
    party.add("birthCountry", countryText(textAt(pob, "COUNTRY")));
    const note = textAt(pob, "NOTE");
    if (note !== undefined) party.add("notes", `Place of birth: ${note}`);
  }
  for (const doc of children(el, "INDIVIDUAL_DOCUMENT")) addDocument(party, doc, location);
}

const DATE_PARTS = ["DATE", "YEAR", "FROM_YEAR", "TO_YEAR"] as const;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * EXACT gives DATE or YEAR, APPROXIMATELY a YEAR, BETWEEN FROM_YEAR and TO_YEAR: the years
 * stated are added as they are (not the years between), and how the list qualified them goes
 * to notes, since birthDate cannot say "about". A NOTE such as "Nov. 1973" is the date itself.
 */
function addBirthDate(party: EntityDraft, dob: XmlElement, location: Location): void {
  const stated: string[] = [];
  for (const part of DATE_PARTS) {
    for (const value of children(dob, part)) {
      const text = value.text.trim();
      if (text === "") continue;
      stated.push(text);
      party.add("birthDate", text, { at: at(location, value, `${dob.name}/${part}`) });
    }
  }
  const type = textAt(dob, "TYPE_OF_DATE")?.toUpperCase();
  const note = textAt(dob, "NOTE");
  const month = note === undefined ? undefined : monthYear(note);
  if (month !== undefined && stated.length === 0) {
    party.add("birthDate", month, { lenient: true });
    return;
  }
  if (note === undefined && (type === undefined || type === "EXACT")) return;
  const range = type === "BETWEEN" ? stated.join(" and ") : stated.join(", ");
  const described = [type === "EXACT" ? "" : type?.toLowerCase(), range, note && `(${note})`];
  party.add("notes", `Date of birth: ${described.filter((d) => d).join(" ")}`);
}

function monthYear(text: string): string | undefined {
  const match = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(text.trim());
  if (match === null) return undefined;
  const month = MONTHS.indexOf((match[1] ?? "").toLowerCase()) + 1;
  return month === 0 ? undefined : `${match[2]}-${String(month).padStart(2, "0")}`;
}

const PASSPORT = /passport|pasaporte|passeport/i;

/** Passports to passportNumber, other documents to idNumber; the rest of the document to notes. */
function addDocument(party: EntityDraft, doc: XmlElement, location: Location): void {
  const raw = textAt(doc, "NUMBER");
  // Numbers sometimes carry a remark: "381110042 (Expired 25 Jan. 2016)".
  const remark = raw === undefined ? undefined : /^(.*?)\s*\(([^()]*)\)$/.exec(raw);
  const number = remark?.[1] || raw;
  const listedType = textAt(doc, "TYPE_OF_DOCUMENT");
  const isPassport = PASSPORT.test(listedType ?? "");
  // The list repeats a passport with its type in French and Spanish; one label dedups notes.
  const type = isPassport ? "Passport" : (listedType ?? "Document");
  const numberEl = children(doc, "NUMBER")[0];
  if (number !== undefined && numberEl !== undefined)
    party.add(isPassport ? "passportNumber" : "idNumber", number, {
      at: at(location, numberEl, `${doc.name}/NUMBER`),
    });
  const issued = textAt(doc, "DATE_OF_ISSUE");
  const type2 = textAt(doc, "TYPE_OF_DOCUMENT2");
  const details = [
    type2?.toLowerCase() === type.toLowerCase() ? undefined : type2,
    textAt(doc, "ISSUING_COUNTRY") ?? textAt(doc, "COUNTRY_OF_ISSUE"),
    textAt(doc, "CITY_OF_ISSUE"),
    issued && `issued ${issued}`,
    remark?.[2],
    textAt(doc, "NOTE"),
  ].filter((d): d is string => d !== undefined && d !== "");
  if (details.length > 0 || (number === undefined && listedType !== undefined))
    party.add("notes", `${type}${number ? ` ${number}` : ""}: ${details.join("; ")}`);
}

/** "International Maritime Organization (IMO) Number: 1790183.", "Company Number IMO 5434358." */
const IMO_IN_TEXT = /\bIMO\)?(?:\s+company)?(?:\s+(?:number|no\.?))?\s*:?\s*(\d{7})\b/gi;

/** IMO company numbers stated in an entity's comments or aliases (seven digits, no ship check). */
function addImoNumbers(party: EntityDraft, el: XmlElement): void {
  const texts = [textAt(el, "COMMENTS1"), ...children(el, "ENTITY_ALIAS").map((a) => a.text)];
  for (const text of texts)
    for (const match of (text ?? "").matchAll(IMO_IN_TEXT))
      party.add("imoNumber", match[1], { lenient: true });
}

function sanctionOf(
  party: EntityDraft,
  el: XmlElement,
  dataId: string,
  ref: string | undefined,
  location: Location,
): EntityDraft {
  const sanction = new EntityDraft("Sanction", makeId("unsc-sanction", dataId), location)
    .link("entity", party)
    .add("authority", SOURCES["un-sc"].publisher)
    .add("program", textAt(el, "UN_LIST_TYPE"))
    .add("authorityId", ref)
    .add("unscId", ref);
  const listed = children(el, "LISTED_ON")[0];
  if (listed !== undefined)
    sanction.add("listingDate", datePart(listed.text), { at: at(location, listed, "LISTED_ON") });
  // LAST_DAY_UPDATED lists every amendment; the latest is when the listing last changed.
  const updated = textsOf(children(el, "LAST_DAY_UPDATED")[0], "VALUE").map(datePart).sort();
  sanction.add("modifiedAt", updated.at(-1), { lenient: true });
  return sanction;
}

/** Some dates carry a zone offset without a time: "2015-04-07-04:00". */
function datePart(text: string): string {
  const trimmed = text.trim();
  return /^\d{4}-\d{2}-\d{2}-\d{2}:\d{2}$/.test(trimmed) ? trimmed.slice(0, 10) : trimmed;
}

/** The list writes "na" for a name part or nationality it does not know. */
function isGiven(text: string | undefined): text is string {
  return text !== undefined && !/^n\/?a$/i.test(text);
}

function countryText(text: string | undefined): string | undefined {
  return isGiven(text) ? text : undefined;
}

function joinParts(el: XmlElement, parts: readonly string[]): string | undefined {
  const texts = parts.map((part) => textAt(el, part)).filter(isGiven);
  return texts.length === 0 ? undefined : texts.join(", ");
}

function recordPath(el: XmlElement, ref: string | undefined): string {
  return `${el.name === "INDIVIDUAL" ? "INDIVIDUALS" : "ENTITIES"}/${el.name}${ref ? `[${ref}]` : ""}`;
}

/** The location of a value: its own line, and its element path within the record. */
function at(location: Location, value: XmlElement, path: string): Location {
  return { ...location, line: value.line, element: `${location.element}/${path}` };
}
