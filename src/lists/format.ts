import type { EntityDraft, Location, ValueIssue } from "../model/index.js";

/** The lists `cordon lists import SOURCE` knows. */
export const SOURCE_NAMES = ["un-sc", "us-ofac", "eu", "uk", "ftm"] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** One source record (a listed person, a profile, a row) and the entities it yields. */
export interface ParsedRecord {
  readonly location: Location;
  readonly entities: readonly EntityDraft[];
  /** Problems with the record as a whole (a missing name, an unreadable row). */
  readonly issues?: readonly ValueIssue[];
}

/** A record that could not be read at all, with why. */
export function failedRecord(location: Location, message: string, field?: string): ParsedRecord {
  return {
    location,
    entities: [],
    issues: [
      { ...location, message, severity: "error", ...(field === undefined ? {} : { field }) },
    ],
  };
}

/** What a format reads from: the decoded text of a file, and files beside it. */
export interface ListInput {
  /** The file as users name it (path or URL), used in messages. */
  readonly label: string;
  /** Decoded text in chunks (gzip and bzip2 undone, encoding checked). */
  text(): AsyncIterable<string>;
  /** A file in the same folder (OFAC's alt.csv and add.csv beside sdn.csv), if present. */
  sibling(fileName: string): ListInput | undefined;
  /** Records the publication date the file states about itself (ISO date). */
  setPublished(date: string): void;
}

/** A file format of a list: how to recognise it and how to read it into FtM entities. */
export interface ListFormat {
  readonly id: string;
  readonly source: SourceName;
  readonly label: string;
  /** True if `head` (the first decoded kilobytes of the file) is in this format. */
  sniff(head: string): boolean;
  read(input: ListInput): AsyncIterable<ParsedRecord>;
}

/** Where each source's data goes and where its publisher serves it. */
export interface SourceInfo {
  readonly name: SourceName;
  readonly dataset: string;
  readonly title: string;
  readonly publisher: string;
  readonly url: string;
}

export const SOURCES: Readonly<Record<SourceName, SourceInfo>> = {
  "un-sc": {
    name: "un-sc",
    dataset: "un_sc_sanctions",
    title: "UN Security Council Consolidated List",
    publisher: "United Nations Security Council",
    url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
  },
  "us-ofac": {
    name: "us-ofac",
    dataset: "us_ofac_sdn",
    title: "US OFAC Specially Designated Nationals (SDN) List",
    publisher: "US Treasury, Office of Foreign Assets Control",
    url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.XML",
  },
  eu: {
    name: "eu",
    dataset: "eu_fsf",
    title: "EU Consolidated Financial Sanctions List",
    publisher: "European Commission (DG FISMA)",
    url: "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
  },
  uk: {
    name: "uk",
    dataset: "gb_fcdo_sanctions",
    title: "UK Sanctions List",
    publisher: "UK Foreign, Commonwealth & Development Office",
    url: "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv",
  },
  ftm: {
    name: "ftm",
    dataset: "ftm_import",
    title: "FollowTheMoney entities",
    publisher: "",
    url: "",
  },
};
