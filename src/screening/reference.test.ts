import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NAME_REFERENCE, packNameReference } from "./normalize/reference-data.js";
import { PACKED_NAME_REFERENCE } from "./reference/names.js";
import { readNameReference } from "./reference.js";

const DIR = fileURLToPath(new URL("../../../shared/data/sanctions/reference", import.meta.url));

describe("the shipped name reference", () => {
  it.skipIf(!existsSync(DIR))("is what scripts/derive-screening-reference.ts derives", () => {
    expect(PACKED_NAME_REFERENCE).toEqual(packNameReference(readNameReference(DIR)));
  });

  it("holds legal forms, symbols and prefixes", () => {
    const forms = new Map(
      NAME_REFERENCE.orgTypes.flatMap(([key, , aliases]) => aliases.map((a) => [a, key])),
    );
    expect(forms.get("limited liability company")).toBe("llc");
    expect(forms.get("ooo")).toBeDefined();
    expect(NAME_REFERENCE.personPrefixes).toContain("mr");
    expect(NAME_REFERENCE.objectPrefixes).toContain("mv");
    expect(NAME_REFERENCE.personSymbols.bin).toContain("ibn");
    expect(NAME_REFERENCE.personNicks.bob).toContain("robert");
    expect(NAME_REFERENCE.similarPairs).toContainEqual(["c", "k"]);
  });
});
