import { EntityDraft, findProperty, type Location, makeId } from "../../model/index.js";
import type { ParsedRecord } from "../format.js";
import { child, children, textAt, type XmlElement } from "../xml.js";
import type { OfacParty } from "./ofac-advanced-party.js";
import type { ReferenceValues } from "./ofac-advanced-refs.js";

export const OFAC_AUTHORITY = "US Treasury, Office of Foreign Assets Control";

/** An IDRegDocument: a passport, IMO number, tax number... of one identity. */
export interface OfacDocument {
  readonly identityId: string;
  readonly type: string;
  readonly number: string;
  readonly at: Location;
}

export function readDocument(doc: XmlElement, refs: ReferenceValues, label: string): OfacDocument {
  return {
    identityId: doc.attrs.IdentityID ?? "",
    type: refs.text("IDRegDocType", doc.attrs.IDRegDocTypeID) ?? "",
    number: textAt(doc, "IDRegistrationNo") ?? "",
    at: { file: label, line: doc.line, element: `IDRegDocument[ID=${doc.attrs.ID}]` },
  };
}

/** Seven digits, with or without "IMO": anything else filed as one is a register number. */
const IMO = /^(?:IMO)?[\s:.#-]*\d{7}$/i;
const COMPANY_IMO_TYPES = new Set(["Identification Number", "Company Number"]);
const PASSPORT = /passport/i;
const TAX =
  /\btax\b|fiscal|tributaria|v\.a\.t|\bfein\b|r\.f\.c|^rfc$|^nit\b|^ruc\b|c\.u\.i\.t|^nuit|n\.i\.f|c\.i\.f|^rif\b|^rtn$/i;
const REGISTRATION =
  /regist|company|commercial|chamber|incorporation|business|trade license|c\.r\. no|mercantil|enterprise|gazette|legal entity|credit code|branch unit|organization code|charity|^le number|cbls|license|permit/i;

/** Adds a document to its party under the property its type calls for. */
export function addDocument(draft: EntityDraft, doc: OfacDocument): void {
  if (doc.number === "") return;
  const prop = [documentProp(draft, doc), "idNumber", "registrationNumber"].find((p) =>
    draft.accepts(p),
  );
  if (prop === undefined) draft.add("notes", `${doc.type}: ${doc.number}`);
  else draft.add(prop, doc.number, { at: { ...doc.at, field: prop } });
}

function documentProp(draft: EntityDraft, doc: OfacDocument): string {
  const type = doc.type;
  // OFAC files company IMO numbers under three document types, always written "IMO 1234567".
  const imoDocument =
    type === "Vessel Registration Identification" ||
    (COMPANY_IMO_TYPES.has(type) && /^IMO\s?\d{7}$/.test(doc.number));
  if (imoDocument) {
    if (!IMO.test(doc.number)) return "registrationNumber";
    // An IMO company number: Organization is the LegalEntity that can hold one (as sdn.csv reads).
    if (draft.schema.name === "LegalEntity") draft.specialise("Organization");
    return findProperty(draft.schema, "imoNumber") === undefined
      ? "registrationNumber"
      : "imoNumber";
  }
  if (type === "MMSI") return "mmsi";
  // As sdn.csv's remarks read: only LEI-shaped "Legal Entity Number"s are LEIs.
  if (type === "Legal Entity Number" && /^[A-Z0-9]{18}\d{2}$/.test(doc.number)) return "leiCode";
  if (/^Unified Social Credit Code|^United Social Credit Code/.test(type)) return "uscCode";
  if (/\(OGRNIP\)$/.test(type)) return "ogrnCode";
  if (type === "Aircraft Serial Identification") return "serialNumber";
  if (PASSPORT.test(type)) return "passportNumber";
  if (TAX.test(type)) return "taxNumber";
  if (draft.schema.name !== "Person" && REGISTRATION.test(type)) return "registrationNumber";
  return "idNumber";
}

/** A SanctionsEntry: the programs and dates under which a profile is listed. */
export interface OfacEntry {
  readonly profileId: string;
  readonly programs: readonly string[];
  readonly provisions: readonly string[];
  readonly legalBases: readonly string[];
  readonly dates: readonly string[];
  readonly at: Location;
}

export function readEntry(entry: XmlElement, refs: ReferenceValues, label: string): OfacEntry {
  const programs: string[] = [];
  const provisions: string[] = [];
  for (const measure of children(entry, "SanctionsMeasure")) {
    const type = refs.text("SanctionsType", measure.attrs.SanctionsTypeID);
    const comment = textAt(measure, "Comment");
    if (type === "Program") {
      if (comment !== undefined) programs.push(comment);
    } else if (type !== undefined) provisions.push(type);
  }
  const dates: string[] = [];
  const legalBases: string[] = [];
  for (const event of children(entry, "EntryEvent")) {
    const date = child(event, "Date");
    const year = textAt(date, "Year");
    if (year !== undefined) {
      const pad = (n: string | undefined) => (n === undefined ? undefined : n.padStart(2, "0"));
      dates.push(
        [year, pad(textAt(date, "Month")), pad(textAt(date, "Day"))].filter(Boolean).join("-"),
      );
    }
    const basisId = event.attrs.LegalBasisID;
    const basis =
      refs.attr("LegalBasis", basisId, "LegalBasisShortRef") ?? refs.text("LegalBasis", basisId);
    if (basis !== undefined && basis !== "Unknown") legalBases.push(basis);
  }
  return {
    profileId: entry.attrs.ProfileID ?? "",
    programs,
    provisions,
    legalBases,
    dates: dates.sort(),
    at: { file: label, line: entry.line, element: `SanctionsEntry[ID=${entry.attrs.ID}]` },
  };
}

/** The one Sanction of a party, from all its entries (SDN list and, for some, non-SDN lists). */
export function sanctionOf(party: OfacParty, entries: readonly OfacEntry[]): EntityDraft {
  const id = party.profileId;
  const sanction = new EntityDraft("Sanction", makeId("ofac-sanction", id), party.location);
  sanction.link("entity", party.draft);
  sanction.add("authority", OFAC_AUTHORITY);
  sanction.add("authorityId", id);
  sanction.add("country", "us");
  sanction.add("sourceUrl", `https://sanctionssearch.ofac.treas.gov/Details.aspx?id=${id}`);
  const earliest = entries
    .flatMap((e) => e.dates.slice(0, 1).map((date) => ({ date, e })))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))[0];
  if (earliest !== undefined)
    sanction.add("listingDate", earliest.date, { at: { ...earliest.e.at, field: "listingDate" } });
  for (const entry of entries) {
    sanction.add("program", entry.programs);
    sanction.add("provisions", entry.provisions);
  }
  sanction.add("provisions", party.provisions);
  const bases = [...new Set(entries.flatMap((e) => e.legalBases))];
  if (bases.length > 0) sanction.add("description", `Legal basis: ${bases.join("; ")}`);
  return sanction;
}

/**
 * A ProfileRelationship as an FtM link: "Owned or Controlled By" and "Owns, controls, or
 * operates" become Ownership (owner and asset the right way round), every other relation
 * type an UnknownLink whose role is the type as OFAC names it.
 */
export function readRelationship(
  relation: XmlElement,
  refs: ReferenceValues,
  label: string,
  known: (profileId: string) => boolean,
): ParsedRecord {
  const at = {
    file: label,
    line: relation.line,
    element: `ProfileRelationship[ID=${relation.attrs.ID}]`,
  };
  const from = relation.attrs["From-ProfileID"] ?? "";
  const to = relation.attrs["To-ProfileID"] ?? "";
  const field = !known(from) ? "From-ProfileID" : !known(to) ? "To-ProfileID" : undefined;
  if (field !== undefined) {
    const value = field === "From-ProfileID" ? from : to;
    const message = "refers to no DistinctParty in the file";
    return {
      location: at,
      entities: [],
      issues: [{ ...at, field, value, message, severity: "error" }],
    };
  }
  const type = refs.text("RelationType", relation.attrs.RelationTypeID) ?? "";
  const id = makeId("ofac-rel", relation.attrs.ID ?? `${from}-${to}`);
  let link: EntityDraft;
  if (type === "Owned or Controlled By" || type === "Owns, controls, or operates") {
    const [asset, owner] = type === "Owned or Controlled By" ? [from, to] : [to, from];
    link = new EntityDraft("Ownership", id, at)
      .link("asset", makeId("ofac", asset))
      .link("owner", makeId("ofac", owner));
  } else {
    link = new EntityDraft("UnknownLink", id, at)
      .link("subject", makeId("ofac", from))
      .link("object", makeId("ofac", to));
  }
  link.add("role", type);
  if (relation.attrs.Former === "true") link.add("status", "former");
  link.add("description", textAt(relation, "Comment"));
  return { location: at, entities: [link] };
}
