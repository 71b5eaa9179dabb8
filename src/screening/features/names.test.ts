import { describe, expect, it } from "vitest";
import { parseName } from "../normalize/name.js";
import { editSimilarity, nameSimilarity } from "./names.js";

const similarity = (a: string, b: string, schema = "Person") =>
  nameSimilarity(parseName(a, schema), parseName(b, schema)).score;

describe("editSimilarity", () => {
  it("counts a swap of adjacent letters as one edit and confusables as half", () => {
    expect(editSimilarity("assad", "asasd")).toBeCloseTo(0.8);
    expect(editSimilarity("kim", "kim")).toBe(1);
    expect(editSimilarity("koh", "coh")).toBeCloseTo(1 - 0.5 / 3);
  });
});

describe("nameSimilarity", () => {
  it("ignores the order of name parts", () => {
    expect(similarity("Kim Jong Un", "Jong Un Kim")).toBe(1);
  });

  it("pairs joined and hyphenated given names", () => {
    expect(similarity("Kim Jong-un", "Kim Jongun")).toBe(1);
    expect(similarity("vanderbilt corp", "van der bilt corp", "Company")).toBeGreaterThan(0.9);
  });

  it("reads an initial as the name it begins", () => {
    expect(similarity("J. Smith", "John Smith")).toBeGreaterThan(0.8);
    expect(similarity("K. Smith", "John Smith")).toBeLessThan(0.7);
  });

  it("forgives a typo and a middle name, not a different first name", () => {
    expect(similarity("Olaf Scholze", "Olaf Scholz")).toBeGreaterThan(0.7);
    expect(similarity("Vladimir Putin", "Vladimir Vladimirovich Putin")).toBeGreaterThan(0.7);
    expect(similarity("Boris Vekselberg", "Viktor Vekselberg")).toBeLessThan(0.7);
  });

  it("tells a father from his son", () => {
    expect(similarity("Abdullah bin Omar", "Omar bin Abdullah")).toBeLessThan(0.7);
    expect(similarity("Osama bin Laden", "Usama bin Muhammad ibn Awad ibn Ladin")).toBeGreaterThan(
      0.7,
    );
  });

  it("does not pair different numbers in organisation names", () => {
    expect(similarity("Management Company 23", "Management Company", "Company")).toBeLessThan(0.7);
  });

  it("compares Hangul and CJK by their characters when both names use them", () => {
    expect(similarity("이재형", "이재명")).toBeLessThan(0.7);
    expect(similarity("김정은", "김정은")).toBe(1);
  });

  it("matches Korean romanisation variants, but not a shorter given name", () => {
    expect(similarity("KIM Jong Un", "Kim Chong-un")).toBe(1);
    expect(similarity("Pak Pong Ju", "Park Bong-ju")).toBe(1);
    expect(similarity("Ri Pyong Chol", "Ri Chol")).toBeLessThan(0.7);
    expect(similarity("Kim Jong Un", "Kim Jong Il")).toBeLessThan(0.7);
  });

  it("explains which parts it paired", () => {
    const result = nameSimilarity(
      parseName("Ri Pyong Chol", "Person"),
      parseName("Li Pyong Chul", "Person"),
    );
    expect(result.pairs.map((p) => [p.query, p.candidate])).toEqual(
      expect.arrayContaining([
        ["ri", "li"],
        ["chol", "chul"],
      ]),
    );
  });
});
