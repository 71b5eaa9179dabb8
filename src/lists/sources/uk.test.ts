import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type EntityRecord, Invalid, type ValueIssue } from "../../model/index.js";
import type { ParsedRecord } from "../format.js";
import { recogniseFormat } from "../formats.js";
import { readHead } from "../input.js";
import { fixturePath, readAll, sharedData } from "../testing.js";
import { ukFcdoCsv } from "./uk-fcdo-csv.js";
import { ukTransformedCsv } from "./uk-transformed-csv.js";

const DPRK = "Democratic People's Republic of Korea";

function entities(records: readonly ParsedRecord[]): Map<string, EntityRecord> {
  const byId = new Map<string, EntityRecord>();
  for (const record of records)
    for (const draft of record.entities) byId.set(draft.id, draft.toRecord());
  return byId;
}

function issues(records: readonly ParsedRecord[]): ValueIssue[] {
  return records.flatMap((r) => [...(r.issues ?? []), ...r.entities.flatMap((e) => e.issues)]);
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "cordon-uk-")), name);
  writeFileSync(path, text);
  return path;
}

describe("UK Sanctions List CSV (FCDO)", () => {
  const sample = fixturePath("demo/uk_sanctions_list_sample.csv");

  it("is recognised from its Report Date line and header, and states its date", async () => {
    expect(recogniseFormat(await readHead(sample), sample, "uk")).toBe(ukFcdoCsv);
    const { published } = await readAll(ukFcdoCsv, sample);
    expect(published).toBe("2026-04-29");
  });

  it("groups the rows of one Unique ID into one party with one Sanction", async () => {
    const { records } = await readAll(ukFcdoCsv, sample);
    expect(records).toHaveLength(3);
    expect(issues(records)).toEqual([]);
    const byId = entities(records);

    const person = byId.get("gb-fcdo-DPR0001");
    expect(person).toMatchObject({
      schema: "Person",
      properties: {
        name: ["Jong Hyuk AN"],
        alias: expect.arrayContaining(["Jong Hyok AN", "안정혁"]),
        birthDate: ["1969-02-23"],
        nationality: ["kp"],
        passportNumber: ["563410155"],
        country: ["eg"],
        gender: ["male"],
        topics: ["sanction"],
      },
    });
    expect(byId.get("gb-fcdo-sanction-DPR0001")?.properties).toMatchObject({
      entity: ["gb-fcdo-DPR0001"],
      program: ["DPR", DPRK],
      authorityId: ["DPR0001", "13590"],
      startDate: ["2020-12-31"],
      listingDate: ["2020-12-31"],
      modifiedAt: ["2025-04-09"],
      provisions: ["Asset freeze", "Travel ban"],
    });
    // The statement of reasons spans two lines inside one quoted field.
    expect(byId.get("gb-fcdo-sanction-DPR0001")?.properties.reason?.[0]).toContain(
      "evasion of sanctions",
    );

    expect(byId.get("gb-fcdo-DPR0124")).toMatchObject({
      schema: "Organization",
      properties: { name: ["ACADEMY OF NATIONAL DEFENSE SCIENCE"], country: ["kp"] },
    });
    expect(byId.get("gb-fcdo-sanction-DPR0124")?.properties.unscId).toEqual(["KPe.021"]);

    expect(byId.get("gb-fcdo-DPR0100")).toMatchObject({
      schema: "Vessel",
      properties: {
        name: ["SAM JONG 2"],
        alias: ["Rainbow Chaser"],
        weakAlias: ["Yu_Jong_3"],
        imoNumber: ["IMO7408873"],
        flag: ["kp"],
        buildDate: ["1974"],
      },
    });
  });

  it("fails a row with a wrong IMO check digit or an impossible birth date, by file, line and field", async () => {
    const bad = fixturePath("uk_sanctions_list_bad.csv");
    const { records } = await readAll(ukFcdoCsv, bad);
    const errors = issues(records).filter((i) => i.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({ file: bad, line: 3, field: "IMO number", value: "IMO9562234" }),
      expect.objectContaining({ file: bad, line: 4, field: "D.O.B", value: "31/02/1975" }),
    ]);
    expect(errors[0]?.message).toContain("check digit");
  });

  it("rejects a file without a required column, naming it", async () => {
    const text = readFileSync(sample, "utf8").replace("Regime Name,", "Regime,");
    const path = tempFile("UK-Sanctions-List.csv", text);
    const error = await readAll(ukFcdoCsv, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues).toEqual([
      expect.objectContaining({ file: path, line: 2, field: "Regime Name" }),
    ]);
  });

  it("rejects a truncated file, naming the line where the open quote starts", async () => {
    const text = readFileSync(sample, "utf8");
    const cut = text.slice(0, text.indexOf("evasion of sanctions"));
    const path = tempFile("UK-Sanctions-List.csv", cut);
    const error = await readAll(ukFcdoCsv, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues[0]).toMatchObject({ file: path, line: 3 });
  });
});

describe("UK Sanctions List, normalised tables", () => {
  const subjects = fixturePath("uk_transformed/sample_subjects.csv");

  it("is recognised from the subjects table only, not from its four siblings", async () => {
    expect(recogniseFormat(await readHead(subjects), subjects)).toBe(ukTransformedCsv);
    for (const table of ["names", "identifiers", "dobs", "countries"]) {
      const path = fixturePath(`uk_transformed/sample_subject_${table}.csv`);
      expect(() => recogniseFormat(readFileSync(path, "utf8"), path)).toThrow(Invalid);
    }
  });

  it("joins the five tables into parties, and names the table and line of a bad value", async () => {
    const { records } = await readAll(ukTransformedCsv, subjects);
    const byId = entities(records);
    expect(byId.get("gb-fcdo-DPR0100")).toMatchObject({
      schema: "Vessel",
      properties: { name: ["Sam Jong 2"], weakAlias: ["Yu_Jong_3"], imoNumber: ["IMO7408873"] },
    });
    expect(byId.get("gb-fcdo-DPR0001")?.properties).toMatchObject({
      name: ["Jong Hyuk An"],
      alias: ["Jong Hyok An"],
      passportNumber: ["563410155"],
      nationality: ["kp"],
      country: ["eg"],
      birthDate: ["1969-02-23"],
    });
    expect(byId.get("gb-fcdo-sanction-DPR0001")?.properties.program).toEqual(["DPR", DPRK]);
    expect(issues(records)).toEqual([
      expect.objectContaining({
        file: fixturePath("uk_transformed/sample_subject_dobs.csv"),
        line: 3,
        field: "year/month/day",
        severity: "error",
      }),
    ]);
  });

  it("fails with the name of a missing table rather than importing without it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cordon-uk-"));
    for (const table of ["subjects", "subject_names", "subject_identifiers", "subject_dobs"])
      copyFileSync(
        fixturePath(`uk_transformed/sample_${table}.csv`),
        join(dir, `sample_${table}.csv`),
      );
    const error = await readAll(ukTransformedCsv, join(dir, "sample_subjects.csv")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toContain("sample_subject_countries.csv");
  });

  const real = sharedData("sanctions/uk/uk_sanctions_list_transformed_subjects.csv.gz");

  it.skipIf(real === undefined)(
    "reads the real tables with the counts of PROVENANCE.md",
    async () => {
      const { records } = await readAll(ukTransformedCsv, real as string);
      expect(records).toHaveLength(6046);
      const parties = [...entities(records).values()].filter((e) => e.schema !== "Sanction");
      const count = (list: readonly EntityRecord[], schema: string) =>
        list.filter((e) => e.schema === schema).length;
      expect([
        count(parties, "Person"),
        count(parties, "Organization"),
        count(parties, "Vessel"),
      ]).toEqual([3883, 1531, 632]);

      const dprk = parties.filter((e) => e.id.startsWith("gb-fcdo-DPR"));
      expect([
        dprk.length,
        count(dprk, "Person"),
        count(dprk, "Organization"),
        count(dprk, "Vessel"),
      ]).toEqual([261, 138, 86, 37]);
      const sanctions = [...entities(records).values()].filter(
        (e) => e.schema === "Sanction" && e.id.startsWith("gb-fcdo-sanction-DPR"),
      );
      expect(sanctions.filter((s) => (s.properties.unscId ?? []).length > 0)).toHaveLength(155);
      const imos = new Set(
        dprk.flatMap((e) => (e.schema === "Vessel" ? (e.properties.imoNumber ?? []) : [])),
      );
      expect(imos.size).toBe(36);
      const allImos = new Set(parties.flatMap((e) => e.properties.imoNumber ?? []));
      expect(allImos.size).toBe(631);

      // Every ship's IMO number passes its check digit; nothing in the real tables is an error.
      expect(issues(records).filter((i) => i.severity === "error")).toEqual([]);
      expect(issues(records).filter((i) => i.severity === "warning")).toEqual([]);
    },
  );
});
