import { PACKED_NAME_REFERENCE } from "../reference/names.js";

/**
 * The parts of rigour's name reference data (opensanctions/rigour, resources/names, MIT) that
 * screening uses, with every phrase already folded (foldName) so matching is a lookup.
 */
export interface NameReference {
  /** [compare form, generic form or "", folded aliases]: legal forms of organisations. */
  readonly orgTypes: readonly (readonly [string, string, readonly string[]])[];
  /** Symbol → folded phrases: organisation terms (company, bank, ...) across languages. */
  readonly orgSymbols: Readonly<Record<string, readonly string[]>>;
  /** Symbol → folded phrases: person-name particles and titles (bin/ibn, abu, von, jr). */
  readonly personSymbols: Readonly<Record<string, readonly string[]>>;
  /** Nickname → folded names it stands for (bob → robert). */
  readonly personNicks: Readonly<Record<string, readonly string[]>>;
  /** Group → folded spellings of one name part across scripts. */
  readonly personNameParts: Readonly<Record<string, readonly string[]>>;
  /** Folded titles and prefixes dropped from the start of a name. */
  readonly personPrefixes: readonly string[];
  readonly orgPrefixes: readonly string[];
  readonly objectPrefixes: readonly string[];
  /** Character pairs that are confused visually or phonetically (0/o, c/k). */
  readonly similarPairs: readonly (readonly [string, string])[];
}

/** NameReference with each group packed into one string, so the shipped file stays small. */
export interface PackedNameReference {
  readonly orgTypes: readonly string[];
  readonly orgSymbols: readonly string[];
  readonly personSymbols: readonly string[];
  readonly personNicks: readonly string[];
  readonly personNameParts: readonly string[];
  readonly personPrefixes: string;
  readonly orgPrefixes: string;
  readonly objectPrefixes: string;
  readonly similarPairs: string;
}

function packGroups(groups: Readonly<Record<string, readonly string[]>>): string[] {
  return Object.entries(groups).map(([key, phrases]) => `${key}|${phrases.join(";")}`);
}

function unpackGroups(packed: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of packed) {
    const [key = "", phrases = ""] = group.split("|");
    out[key] = phrases.split(";");
  }
  return out;
}

/** Packs a reference for the shipped module (see renderNameReference). */
export function packNameReference(reference: NameReference): PackedNameReference {
  return {
    orgTypes: reference.orgTypes.map(([key, generic, aliases]) =>
      [key, generic, aliases.join(";")].join("|"),
    ),
    orgSymbols: packGroups(reference.orgSymbols),
    personSymbols: packGroups(reference.personSymbols),
    personNicks: packGroups(reference.personNicks),
    personNameParts: packGroups(reference.personNameParts),
    personPrefixes: reference.personPrefixes.join(";"),
    orgPrefixes: reference.orgPrefixes.join(";"),
    objectPrefixes: reference.objectPrefixes.join(";"),
    similarPairs: reference.similarPairs.map((pair) => pair.join("")).join(";"),
  };
}

/** Unpacks the shipped form back into a NameReference. */
export function unpackNameReference(packed: PackedNameReference): NameReference {
  const list = (text: string): string[] => (text.length > 0 ? text.split(";") : []);
  return {
    orgTypes: packed.orgTypes.map((group) => {
      const [key = "", generic = "", aliases = ""] = group.split("|");
      return [key, generic, list(aliases)] as const;
    }),
    orgSymbols: unpackGroups(packed.orgSymbols),
    personSymbols: unpackGroups(packed.personSymbols),
    personNicks: unpackGroups(packed.personNicks),
    personNameParts: unpackGroups(packed.personNameParts),
    personPrefixes: list(packed.personPrefixes),
    orgPrefixes: list(packed.orgPrefixes),
    objectPrefixes: list(packed.objectPrefixes),
    similarPairs: list(packed.similarPairs).map(
      (pair) => [pair.slice(0, 1), pair.slice(1)] as const,
    ),
  };
}

/** The reference data shipped with Cordon (derived from rigour, MIT). */
export const NAME_REFERENCE: NameReference = unpackNameReference(PACKED_NAME_REFERENCE);
