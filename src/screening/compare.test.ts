import { describe, expect, it } from "vitest";
import { DEFAULT_ALGORITHM } from "./algorithm.js";
import { compareEntities, FEATURES, schemataCompatible } from "./compare.js";

type Props = Record<string, string[]>;
const compare = (schema: string, query: Props, candidate: Props, candidateSchema = schema) =>
  compareEntities(
    { schema, properties: query },
    { id: "c", schema: candidateSchema, properties: candidate },
  );

describe("compareEntities", () => {
  it("lets a strong identifier decide alone", () => {
    const result = compare(
      "Vessel",
      { name: ["Unknown tanker"], imoNumber: ["IMO 9123456"] },
      { name: ["Chon Ma San"], imoNumber: ["9123456"] },
    );
    expect(result.score).toBe(1);
    expect(result.features.identifier_match).toBe(1);
  });

  it("matches a passport given as an id number and an EVM address in any case", () => {
    expect(
      compare("Person", { passportNumber: ["PD 123456"] }, { idNumber: ["PD-123456"] }).score,
    ).toBe(1);
    expect(
      compare(
        "CryptoWallet",
        { publicKey: ["0xAbC0000000000000000000000000000000000DeF"] },
        { publicKey: ["0xabc0000000000000000000000000000000000def"] },
      ).score,
    ).toBe(1);
  });

  it("scores 0 when the schemata cannot be the same thing", () => {
    const result = compare(
      "Person",
      { name: ["Wise Honest"] },
      { name: ["Wise Honest"] },
      "Vessel",
    );
    expect(result).toMatchObject({ score: 0, features: { schema_mismatch: 1 } });
    expect(schemataCompatible("LegalEntity", "Person")).toBe(true);
    expect(schemataCompatible("Company", "Organization")).toBe(true);
  });

  it("lowers the score for another birth year, nationality or gender", () => {
    const name = { name: ["Kim Jong Un"] };
    expect(compare("Person", name, name).score).toBe(1);
    const other = compare(
      "Person",
      { ...name, birthDate: ["1984-01-08"], nationality: ["kp"], gender: ["male"] },
      { ...name, birthDate: ["1962"], nationality: ["ru"], gender: ["female"] },
    );
    expect(other.features).toMatchObject({
      dob_year_disjoint: FEATURES.dob_year_disjoint.weight,
      country_disjoint: FEATURES.country_disjoint.weight,
      gender_mismatch: FEATURES.gender_mismatch.weight,
    });
    expect(other.score).toBeCloseTo(1 - 0.15 - 0.1 - 0.2);
    const sameYear = compare(
      "Person",
      { ...name, birthDate: ["1984-01-08"] },
      { ...name, birthDate: ["1984"] },
    );
    expect(sameYear.score).toBe(1);
  });

  it("reads country names as codes", () => {
    const result = compare(
      "Person",
      { name: ["Ri Chol"], nationality: ["North Korea"] },
      { name: ["Ri Chol"], nationality: ["kp"] },
    );
    expect(result.features.country_disjoint).toBeUndefined();
  });

  it("penalises legal forms of different kinds", () => {
    const result = compare(
      "Company",
      { name: ["Deutsche Bank AG"] },
      { name: ["Deutsche Bank GmbH"] },
    );
    expect(result.features.legal_form_mismatch).toBe(FEATURES.legal_form_mismatch.weight);
    expect(result.score).toBeLessThan(0.7);
    expect(
      compare(
        "Company",
        { name: ["Korea Ryonbong General Corp. LLC"] },
        { name: ["Korea Ryonbong General Corporation, Limited Liability Company"] },
      ).score,
    ).toBeGreaterThan(0.9);
  });

  it("uses aliases and builds a name from its parts", () => {
    expect(
      compare("Person", { name: ["Kim Chong Un"] }, { name: ["Someone"], alias: ["Kim Jong Un"] })
        .score,
    ).toBe(1);
    expect(
      compare("Person", { firstName: ["Jong Un"], lastName: ["Kim"] }, { name: ["KIM Jong Un"] })
        .score,
    ).toBe(1);
  });
});

describe("DEFAULT_ALGORITHM", () => {
  it("reports match at its threshold, or at the one given", () => {
    const query = { schema: "Person", properties: { name: ["Olaf Schulze"] } };
    const candidate = { id: "x", schema: "Person", properties: { name: ["Olaf Scholz"] } };
    const result = DEFAULT_ALGORITHM.score(query, candidate);
    expect(DEFAULT_ALGORITHM.threshold).toBe(0.7);
    expect(result.match).toBe(result.score >= 0.7);
    expect(DEFAULT_ALGORITHM.score(query, candidate, 0.99).match).toBe(false);
    expect(Object.keys(result.features)).toContain("name_similarity");
    for (const feature of Object.keys(result.features))
      expect(DEFAULT_ALGORITHM.features).toHaveProperty(feature);
  });
});
