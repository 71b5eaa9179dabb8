import { describe, expect, it } from "vitest";
import { assessCorroboration, DEFAULT_RULE, type SourceItem } from "./corroboration.js";

const item = (id: string, orgId: string, kind = "state_statement", grade = "B2"): SourceItem => ({
  id,
  orgId,
  kind,
  reliability: grade.slice(0, 1),
  credibility: Number(grade.slice(1)),
});

describe("the default evidentiary rule", () => {
  const cases: readonly [string, SourceItem[], number, boolean][] = [
    ["no evidence", [], 0, false],
    ["one state", [item("a", "uk")], 1, false],
    ["two statements of one state", [item("a", "uk"), item("b", "uk")], 1, false],
    ["two states", [item("a", "uk"), item("b", "us")], 2, true],
    ["a state and its own imagery", [item("a", "uk"), item("b", "uk", "imagery")], 2, true],
    ["imagery alone", [item("a", "uk", "imagery")], 1, false],
    ["two images of one state", [item("a", "uk", "imagery"), item("b", "uk", "imagery")], 1, false],
    ["a state and a document of another", [item("a", "uk"), item("b", "us", "document")], 3, true],
    [
      "second source graded D (unreliable)",
      [item("a", "uk"), item("b", "us", "state_statement", "D2")],
      1,
      false,
    ],
    [
      "second source with credibility 4",
      [item("a", "uk"), item("b", "us", "state_statement", "C4")],
      1,
      false,
    ],
    [
      "both at the threshold C3",
      [item("a", "uk", "state_statement", "C3"), item("b", "us", "state_statement", "C3")],
      2,
      true,
    ],
  ];
  it.each(cases)("%s", (_, items, sources, satisfied) => {
    const verdict = assessCorroboration(items);
    expect(verdict).toMatchObject({ independent_sources: sources, satisfied, required_sources: 2 });
    expect(verdict.method).toContain("at least 2 independent sources");
  });

  it("says why an item does not count", () => {
    const verdict = assessCorroboration([
      item("a", "uk"),
      item("b", "us", "state_statement", "E5"),
    ]);
    expect(verdict.reasons).toContain("b does not count: source reliability E is worse than C");
    expect(verdict.reasons.at(-1)).toBe("1 independent source (1 organisation); the rule needs 2");
  });

  it("follows a configured rule", () => {
    const strict = { ...DEFAULT_RULE, min_sources: 3, min_reliability: "B" as const };
    expect(
      assessCorroboration(
        [item("a", "uk"), item("b", "us"), item("c", "jp", "state_statement", "C2")],
        strict,
      ),
    ).toMatchObject({
      satisfied: false,
      independent_sources: 2,
    });
  });
});
