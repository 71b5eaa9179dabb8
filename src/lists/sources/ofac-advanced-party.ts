import { EntityDraft, type Location, makeId, walletId } from "../../model/index.js";
import { child, children, type XmlElement } from "../xml.js";
import { datePeriodValues, type ReferenceValues } from "./ofac-advanced-refs.js";
import { SANCTION_TERM } from "./ofac-remarks.js";

/** A feature value that names a `<Location>`, resolved once every location has been read. */
export interface PendingLocation {
  readonly locationId: string;
  /** "address" adds the address text and country; a property name adds the country only. */
  readonly use: string;
  /** The feature's name, for notes when the schema has no property for it. */
  readonly feature: string;
  readonly at: Location;
}

/** A DistinctParty read into its entities, waiting for documents and sanctions entries. */
export interface OfacParty {
  readonly profileId: string;
  readonly location: Location;
  readonly draft: EntityDraft;
  readonly wallets: EntityDraft[];
  readonly identityIds: readonly string[];
  readonly locations: PendingLocation[];
  /** Sanction terms stated as features, for the party's Sanction (as sdn.csv's remarks do). */
  readonly provisions: string[];
}

/**
 * OFAC feature types and the FtM properties they fill, first one the schema has wins.
 * Features not listed here (sanctions remarks, directive dates, tickers) go to notes.
 */
const FEATURE_PROPS: Readonly<Record<string, readonly string[]>> = {
  Birthdate: ["birthDate"],
  "Place of Birth": ["birthPlace"],
  "Nationality Country": ["nationality", "country"],
  "Citizenship Country": ["citizenship", "country"],
  "Nationality of Registration": ["jurisdiction", "country"],
  "Registration Country": ["jurisdiction", "country"],
  Gender: ["gender"],
  Title: ["position"],
  "Vessel Call Sign": ["callSign"],
  "Other Vessel Call Sign": ["callSign"],
  "VESSEL TYPE": ["type"],
  "Other Vessel Type": ["type"],
  "Vessel Flag": ["flag"],
  "Other Vessel Flag": ["flag"],
  "Former Vessel Flag": ["pastFlags"],
  "Vessel Tonnage": ["tonnage"],
  "Vessel Gross Registered Tonnage": ["grossRegisteredTonnage"],
  "Vessel Year of Build": ["buildDate"],
  "Aircraft Manufacture Date": ["buildDate"],
  "Aircraft Model": ["model"],
  "Aircraft Manufacturer's Serial Number (MSN)": ["serialNumber"],
  "Aircraft Construction Number (also called L/N or S/N or F/N)": ["serialNumber"],
  "Aircraft Tail Number": ["registrationNumber"],
  "Previous Aircraft Tail Number": ["registrationNumber"],
  "Aircraft Mode S Transponder Code": ["icaoCode"],
  Website: ["website"],
  "Email Address": ["email"],
  "Phone Number": ["phone"],
  "SWIFT/BIC": ["swiftBic"],
  "D-U-N-S Number": ["dunsCode"],
  "Organization Established Date": ["incorporationDate"],
  "Organization Type:": ["sector"],
  "Target Type": ["classification"],
};

const CRYPTO_FEATURE = /^Digital Currency Address - (.+)$/;
/** OFAC's way of saying a vessel has no flag. */
const NO_VALUE = new Set(["None Identified", "undetermined", "Unknown"]);

/** The FtM schema of a party from its PartySubType (and that sub-type's PartyType). */
export function partySchema(
  refs: ReferenceValues,
  subTypeId: string | undefined,
): string | undefined {
  const subType = refs.text("PartySubType", subTypeId);
  if (subType === "Vessel") return "Vessel";
  if (subType === "Aircraft") return "Airplane";
  const type = refs.text("PartyType", refs.attr("PartySubType", subTypeId, "PartyTypeID"));
  if (type === "Individual") return "Person";
  // OFAC does not say whether an entity is a company: LegalEntity, as for sdn.csv's "-0-" rows.
  if (type === "Entity" || type === "Other Entity") return "LegalEntity";
  return undefined;
}

/** Reads a DistinctParty's profile: names, features and crypto wallets. */
export function readParty(
  party: XmlElement,
  profile: XmlElement,
  schema: string,
  refs: ReferenceValues,
  label: string,
): OfacParty {
  const profileId = profile.attrs.ID ?? party.attrs.FixedRef ?? "";
  const location = {
    file: label,
    line: party.line,
    element: `DistinctParty[FixedRef=${profileId}]`,
  };
  const draft = new EntityDraft(schema, makeId("ofac", profileId), location);
  draft.add("topics", "sanction");
  const result: OfacParty = {
    profileId,
    location,
    draft,
    wallets: [],
    identityIds: children(profile, "Identity").map((i) => i.attrs.ID ?? ""),
    locations: [],
    provisions: [],
  };
  for (const identity of children(profile, "Identity")) addNames(draft, identity, refs);
  if (!draft.has("name")) {
    // Never leave a party nameless: promote its first alias (not seen in 2025 files).
    const fallback = draft.get("alias")[0] ?? draft.get("weakAlias")[0];
    draft.add("name", fallback);
  }
  draft.add("notes", child(party, "Comment")?.text);
  draft.add("notes", child(profile, "Comment")?.text);
  for (const feature of children(profile, "Feature")) addFeature(result, feature, refs, label);
  return result;
}

interface NamePart {
  readonly type: string;
  readonly value: string;
  readonly latin: boolean;
}

function addNames(draft: EntityDraft, identity: XmlElement, refs: ReferenceValues): void {
  const groupTypes = new Map<string, string>();
  for (const master of children(child(identity, "NamePartGroups"), "MasterNamePartGroup"))
    for (const group of children(master, "NamePartGroup"))
      groupTypes.set(
        group.attrs.ID ?? "",
        refs.text("NamePartType", group.attrs.NamePartTypeID) ?? "",
      );
  const isPerson = draft.schema.name === "Person";
  for (const alias of children(identity, "Alias")) {
    const aliasType = refs.text("AliasType", alias.attrs.AliasTypeID);
    const primary = alias.attrs.Primary === "true";
    for (const name of children(alias, "DocumentedName")) {
      const parts: NamePart[] = [];
      for (const part of children(name, "DocumentedNamePart")) {
        const value = child(part, "NamePartValue");
        const text = value?.text.trim();
        if (value === undefined || text === undefined || text === "") continue;
        parts.push({
          type: groupTypes.get(value.attrs.NamePartGroupID ?? "") ?? "",
          value: text,
          latin: refs.text("Script", value.attrs.ScriptID) === "Latin",
        });
      }
      if (parts.length === 0) continue;
      const latin = parts.every((p) => p.latin);
      const text = isPerson && latin ? personName(parts) : parts.map((p) => p.value).join(" ");
      const main =
        primary && refs.text("DocNameStatus", name.attrs.DocNameStatusID) === "Primary Latin";
      const prop = main
        ? "name"
        : primary
          ? "alias"
          : alias.attrs.LowQuality === "true"
            ? "weakAlias"
            : aliasType === "F.K.A."
              ? "previousName"
              : "alias";
      draft.add(prop, text);
      if (main && isPerson) {
        draft.add("firstName", partsOf(parts, "First Name"));
        draft.add("middleName", partsOf(parts, "Middle Name"));
        draft.add("lastName", partsOf(parts, "Last Name"));
      }
    }
  }
}

function partsOf(parts: readonly NamePart[], type: string): string | undefined {
  const values = parts.filter((p) => p.type === type).map((p) => p.value);
  return values.length === 0 ? undefined : values.join(" ");
}

/**
 * A person's name as OFAC's sdn.csv writes it, "SURNAMES, Given names", so that both formats
 * give the same name: last names, then paternal and maternal surnames, before the comma; first
 * names, then middle names, after. A patronymic after the given names and beside a last name is
 * a Russian-style middle name and stays after the comma.
 */
export function personName(parts: readonly NamePart[]): string {
  const hasLast = parts.some((p) => p.type === "Last Name");
  const firstGiven = parts.findIndex((p) => p.type === "First Name" || p.type === "Middle Name");
  const surname: { rank: number; index: number; value: string }[] = [];
  const given: { rank: number; index: number; value: string }[] = [];
  parts.forEach((p, index) => {
    if (p.type === "Last Name") surname.push({ rank: 0, index, value: p.value });
    else if (p.type === "Matronymic") surname.push({ rank: 2, index, value: p.value });
    else if (p.type === "Patronymic" && (!hasLast || firstGiven === -1 || index < firstGiven))
      surname.push({ rank: 1, index, value: p.value });
    else given.push({ rank: p.type === "First Name" ? 0 : 1, index, value: p.value });
  });
  if (surname.length === 0 || given.length === 0) return parts.map((p) => p.value).join(" ");
  const order = (a: { rank: number; index: number }, b: { rank: number; index: number }) =>
    a.rank - b.rank || a.index - b.index;
  const join = (list: { value: string }[]) => list.map((p) => p.value).join(" ");
  return `${join(surname.sort(order))}, ${join(given.sort(order))}`;
}

function addFeature(party: OfacParty, feature: XmlElement, refs: ReferenceValues, label: string) {
  const { draft } = party;
  const type = refs.text("FeatureType", feature.attrs.FeatureTypeID) ?? "";
  const at = { file: label, line: feature.line, element: `Feature[ID=${feature.attrs.ID}]` };
  const crypto = CRYPTO_FEATURE.exec(type);
  const props = FEATURE_PROPS[type] ?? [];
  const prop = props.find((p) => draft.accepts(p));
  const propType = prop === undefined ? undefined : draft.typeOf(prop);
  for (const version of children(feature, "FeatureVersion")) {
    const texts: string[] = [];
    for (const detail of children(version, "VersionDetail")) {
      const text =
        detail.text.trim() || refs.text("DetailReference", detail.attrs.DetailReferenceID);
      if (text !== undefined && text !== "" && !NO_VALUE.has(text)) texts.push(text);
    }
    const dates = children(version, "DatePeriod").flatMap(datePeriodValues);
    for (const place of children(version, "VersionLocation")) {
      const locationId = place.attrs.LocationID;
      if (locationId === undefined) continue;
      const use = type === "Location" ? "address" : propType === "country" ? (prop ?? "") : "";
      party.locations.push({
        locationId,
        use,
        feature: type,
        at: { ...at, field: use === "address" ? "address" : (prop ?? "notes") },
      });
    }
    if (crypto !== null) {
      for (const address of texts) party.wallets.push(wallet(party, crypto[1] ?? "", address, at));
    } else if (prop !== undefined && propType === "date") {
      draft.add(prop, dates.length > 0 ? dates : texts, { at: { ...at, field: prop } });
    } else if (prop !== undefined) {
      draft.add(prop, texts, { at: { ...at, field: prop } });
    } else if (type !== "Location" && texts.length + dates.length > 0) {
      const note = `${type.replace(/[\s:-]+$/, "")}: ${[...texts, ...dates].join("; ")}`;
      if (SANCTION_TERM.test(note)) party.provisions.push(note);
      else draft.add("notes", note);
    }
  }
}

function wallet(party: OfacParty, currency: string, address: string, at: Location): EntityDraft {
  const draft = new EntityDraft("CryptoWallet", walletId("ofac", currency, address), at);
  draft.add("publicKey", address);
  draft.add("currency", currency);
  draft.add("topics", "sanction");
  draft.link("holder", party.draft);
  return draft;
}
