import { Invalid, type ValueIssue } from "../../model/index.js";
import { failedRecord, type ListFormat, type ListInput, type ParsedRecord } from "../format.js";
import { child, streamXmlRecords, textAt, type XmlElement } from "../xml.js";
import {
  addDocument,
  type OfacDocument,
  type OfacEntry,
  readDocument,
  readEntry,
  readRelationship,
  sanctionOf,
} from "./ofac-advanced-links.js";
import { type OfacParty, partySchema, readParty } from "./ofac-advanced-party.js";
import { type OfacLocation, ReferenceValues, readLocation } from "./ofac-advanced-refs.js";

/** The namespaces of sdn_advanced.xml: today's, and the one OFAC used until 2023. */
const NAMESPACES = [
  "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
  "http://www.un.org/sanctions/1.0",
];

/** Sections under the root whose children are read one at a time. */
const RECORD_SECTIONS: Readonly<Record<string, string>> = {
  Locations: "Location",
  IDRegDocuments: "IDRegDocument",
  DistinctParties: "DistinctParty",
  ProfileRelationships: "ProfileRelationship",
  SanctionsEntries: "SanctionsEntry",
};

/**
 * OFAC's SDN list in its "advanced" XML schema (sdn_advanced.xml): one record per
 * DistinctParty (the party, its Sanction and its crypto wallets) and one per
 * ProfileRelationship (an Ownership or UnknownLink).
 */
export const ofacAdvancedXml: ListFormat = {
  id: "ofac-advanced-xml",
  source: "us-ofac",
  label: "US OFAC SDN advanced XML",
  sniff: (head) => {
    const root = /<(?:\w+:)?Sanctions\b[^>]*>/.exec(head)?.[0];
    return root !== undefined && NAMESPACES.some((ns) => root.includes(`"${ns}"`));
  },
  read: readOfacAdvanced,
};

/**
 * Documents and sanctions entries refer to profiles by id, and the schema lets them come
 * before or after DistinctParties, so parties are held (as drafts, about 18,000 of them) and
 * emitted once the whole file has been read.
 */
async function* readOfacAdvanced(input: ListInput): AsyncIterable<ParsedRecord> {
  const label = input.label;
  const refs = new ReferenceValues();
  const locations = new Map<string, OfacLocation>();
  const documents = new Map<string, OfacDocument[]>();
  const entries = new Map<string, OfacEntry[]>();
  const parties: OfacParty[] = [];
  const failures: ParsedRecord[] = [];
  const relations: XmlElement[] = [];
  let root: string | undefined;

  const records = streamXmlRecords(input.text(), label, {
    isRecord: (path) =>
      (path.length === 2 && path[1] === "DateOfIssue") ||
      (path.length === 3 &&
        (path[1] === "ReferenceValueSets" || RECORD_SECTIONS[path[1] ?? ""] === path[2])),
    onOpen: (path) => {
      if (path.length === 1) root = path[0];
    },
  });
  for await (const element of records) {
    switch (element.name) {
      case "DateOfIssue": {
        const date = readDate(element);
        if (date !== undefined) input.setPublished(date);
        break;
      }
      case "Location":
        refs.require(label, element);
        locations.set(element.attrs.ID ?? "", readLocation(element, refs));
        break;
      case "IDRegDocument": {
        refs.require(label, element);
        const doc = readDocument(element, refs, label);
        push(documents, doc.identityId, doc);
        break;
      }
      case "DistinctParty": {
        refs.require(label, element);
        const party = readDistinctParty(element, refs, label);
        if ("draft" in party) parties.push(party);
        else failures.push(party);
        break;
      }
      case "ProfileRelationship":
        relations.push(element);
        break;
      case "SanctionsEntry": {
        refs.require(label, element);
        const entry = readEntry(element, refs, label);
        push(entries, entry.profileId, entry);
        break;
      }
      default:
        refs.addSet(element);
    }
  }
  if (root !== "Sanctions")
    throw new Invalid("bad_ofac_xml", `${label}: not an OFAC sdn_advanced.xml (root <${root}>)`, [
      { file: label, line: 1, message: `root element is <${root}>, expected <Sanctions>` },
    ]);

  yield* failures;
  const profileIds = new Set(parties.map((p) => p.profileId));
  const byIdentity = new Map<string, OfacParty>();
  for (const party of parties) for (const id of party.identityIds) byIdentity.set(id, party);
  for (const [identityId, docs] of documents) {
    const party = byIdentity.get(identityId);
    if (party === undefined) {
      for (const doc of docs)
        yield failedRecord(doc.at, `IdentityID ${identityId} is in no DistinctParty`, "IdentityID");
    } else for (const doc of docs) addDocument(party.draft, doc);
  }
  for (const [profileId, list] of entries)
    if (!profileIds.has(profileId))
      for (const entry of list)
        yield failedRecord(entry.at, `ProfileID ${profileId} is in no DistinctParty`, "ProfileID");

  byIdentity.clear();
  // Emptied as it goes, so the store can reclaim each party once it has been staged.
  parties.reverse();
  for (let party = parties.pop(); party !== undefined; party = parties.pop()) {
    const issues = resolveLocations(party, locations);
    const sanction = sanctionOf(party, entries.get(party.profileId) ?? []);
    yield {
      location: party.location,
      entities: [party.draft, sanction, ...party.wallets],
      ...(issues.length > 0 ? { issues } : {}),
    };
  }
  for (const relation of relations)
    yield readRelationship(relation, refs, label, (id) => profileIds.has(id));
}

function readDistinctParty(
  element: XmlElement,
  refs: ReferenceValues,
  label: string,
): OfacParty | ParsedRecord {
  const at = {
    file: label,
    line: element.line,
    element: `DistinctParty[FixedRef=${element.attrs.FixedRef}]`,
  };
  const profile = child(element, "Profile");
  if (profile === undefined) return failedRecord(at, "DistinctParty has no Profile", "Profile");
  const subType = profile.attrs.PartySubTypeID;
  const schema = partySchema(refs, subType);
  if (schema === undefined)
    return failedRecord(at, `unknown PartySubTypeID "${subType}"`, "PartySubTypeID");
  return readParty(element, profile, schema, refs, label);
}

/** Adds the addresses and countries that features name by LocationID. */
function resolveLocations(
  party: OfacParty,
  locations: ReadonlyMap<string, OfacLocation>,
): ValueIssue[] {
  const issues: ValueIssue[] = [];
  const { draft } = party;
  for (const pending of party.locations) {
    const location = locations.get(pending.locationId);
    if (location === undefined) {
      issues.push({
        ...pending.at,
        field: "LocationID",
        value: pending.locationId,
        message: "refers to no Location in the file",
        severity: "error",
      });
      continue;
    }
    const at = { at: pending.at };
    if (pending.use === "address") {
      if (draft.accepts("address")) draft.add("address", location.address, at);
      draft.add("country", location.country, { at: { ...pending.at, field: "country" } });
    } else if (pending.use !== "") {
      // Nationality locations hold the country as a bare name part ("Korea, North").
      draft.add(pending.use, location.country ?? location.address, at);
    } else if (location.countryName !== undefined || location.address !== undefined) {
      draft.add(
        "notes",
        `${pending.feature.replace(/[\s:-]+$/, "")}: ${location.address ?? location.countryName}`,
      );
    }
  }
  return issues;
}

function readDate(element: XmlElement): string | undefined {
  const year = textAt(element, "Year");
  if (year === undefined) return undefined;
  const pad = (n: string | undefined) => n?.padStart(2, "0");
  return [year, pad(textAt(element, "Month")), pad(textAt(element, "Day"))]
    .filter(Boolean)
    .join("-");
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
