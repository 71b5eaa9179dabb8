import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EntityRecord, Invalid, type ValueIssue } from "../../model/index.js";
import { statementsAt } from "../../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import type { ParsedRecord } from "../format.js";
import { recogniseFormat } from "../formats.js";
import { importList } from "../import-list.js";
import { readHead } from "../input.js";
import { fixturePath, readAll, sharedData } from "../testing.js";
import { euFsfXml } from "./eu-fsf-xml.js";
import { euJournalCsv, splitValues } from "./eu-journal-csv.js";

const SAMPLE = fixturePath("demo/eu_fsf_sample.xml");
const DPRK_CSV = sharedData("sanctions/eu/eu_reg_2017-1509_dprk_annexes.csv");

const records = (parsed: readonly ParsedRecord[]): EntityRecord[] =>
  parsed.flatMap((r) => r.entities.map((e) => e.toRecord()));
const issuesOf = (r: ParsedRecord): ValueIssue[] => [
  ...(r.issues ?? []),
  ...r.entities.flatMap((e) => e.issues),
];
const byId = (all: readonly EntityRecord[], id: string) => all.find((e) => e.id === id);

describe("EU FSF XML", () => {
  it("reads each sanctionEntity into a party and its Sanction, with the file's date", async () => {
    const { records: parsed, published } = await readAll(euFsfXml, SAMPLE);
    expect(published).toBe("2026-08-05");
    expect(parsed).toHaveLength(3);
    expect(parsed.flatMap(issuesOf)).toEqual([]);
    expect(parsed[0]?.location).toMatchObject({ file: SAMPLE, line: 5 });
    const all = records(parsed);

    expect(byId(all, "eu-fsf-8261")).toEqual({
      id: "eu-fsf-8261",
      schema: "Person",
      properties: expect.objectContaining({
        name: ["Ri Je-Son"],
        alias: ["Ri Che Son"],
        weakAlias: ["Ri Je Son"],
        firstName: ["Je-Son"],
        lastName: ["Ri"],
        gender: ["male"],
        nationality: ["kp"],
        birthDate: ["1938"],
        birthPlace: ["Pyongyang, NORTH KOREA"],
        passportNumber: ["381420754"],
        position: ["Former Minister of Atomic Energy Industry"],
        topics: ["sanction"],
      }),
    });
    expect(byId(all, "eu-fsf-sanction-8261")?.properties).toMatchObject({
      entity: ["eu-fsf-8261"],
      authority: ["Council of the European Union"],
      program: ["PRK"],
      authorityId: ["EU.2669.5"],
      unscId: ["KPi.002"],
      listingDate: ["2009-07-16"],
      startDate: ["2009-07-16"],
      summary: ["2017/1509 (OJ L224)"],
    });

    const omm = byId(all, "eu-fsf-8312");
    expect(omm?.schema).toBe("Organization");
    expect(omm?.properties).toMatchObject({
      weakAlias: ["OMM"],
      imoNumber: ["IMO1790183"],
      email: ["omm@silibank.net.kp"],
      country: ["kp"],
    });
    expect(omm?.properties.address?.[0]).toContain("P.O. Box 120, Pyongyang");

    // Not a DPRK listing; without a designation date the act's entry into force starts it.
    expect(byId(all, "eu-fsf-sanction-13")?.properties).toMatchObject({
      program: ["IRQ"],
      startDate: ["2003-07-08"],
    });
    expect(byId(all, "eu-fsf-13")?.properties.birthDate).toEqual(["1937-04-28"]);
  });

  it("fails a truncated file as a whole, naming file and line", async () => {
    const path = fixturePath("eu_fsf_truncated.xml");
    const error = await readAll(euFsfXml, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues[0]).toMatchObject({ file: path, line: expect.any(Number) });
  });

  it("reports an impossible birth date as an error at its element and attribute", async () => {
    const path = fixturePath("eu_fsf_bad_birthdate.xml");
    const { records: parsed } = await readAll(euFsfXml, path);
    const errors = parsed.flatMap(issuesOf).filter((i) => i.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        file: path,
        line: 46,
        element: "sanctionEntity[logicalId=13]/birthdate",
        field: "birthdate",
        value: "1970-02-30",
      }),
    ]);
  });

  it("is recognised from its head, and recognises nothing else", async () => {
    expect(recogniseFormat(await readHead(SAMPLE), SAMPLE).id).toBe("eu-fsf-xml");
    expect(euFsfXml.sniff('<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="x">')).toBe(
      false,
    );
    expect(euFsfXml.sniff('{"id": "x", "schema": "Person"}')).toBe(false);
  });
});

describe("EU regulation annex CSV (OpenSanctions transcription)", () => {
  it("splits multi-valued cells on ';' and keeps quoted values whole", () => {
    expect(splitValues('"Foo; Bar"; Baz')).toEqual(["Foo; Bar", "Baz"]);
    expect(splitValues('a "quoted" b;c')).toEqual(['a "quoted" b', "c"]);
    expect(splitValues('"say ""hi""; ok"')).toEqual(['say "hi"; ok']);
  });

  it("names the row and field of a bad IMO number and an impossible start date", async () => {
    const path = fixturePath("eu_journal_bad_values.csv");
    expect(recogniseFormat(await readHead(path), path).id).toBe("eu-journal-csv");
    const { records: parsed } = await readAll(euJournalCsv, path);
    expect(parsed).toHaveLength(3);
    expect(parsed[0]?.entities[0]?.get("alias")).toEqual(["Test Persn", "Person; Test"]);
    expect(parsed[0]?.entities[0]?.get("birthDate")).toEqual(["1944-10-13"]);
    const errors = parsed.flatMap(issuesOf).filter((i) => i.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({ file: path, line: 3, field: "imoNumber", value: "8712363" }),
      expect.objectContaining({ file: path, line: 4, field: "startDate", value: "2016-02-30" }),
    ]);
    expect(errors[0]?.message).toContain("check digit");
  });

  it("fails a file without a required column, naming the column", async () => {
    const path = fixturePath("eu_journal_missing_column.csv");
    const error = await readAll(euJournalCsv, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues[0]).toMatchObject({ file: path, field: "measure" });
  });

  it.skipIf(DPRK_CSV === undefined)(
    "reads the DPRK annexes of Regulation 2017/1509 with the verified counts",
    async () => {
      const { records: parsed } = await readAll(euJournalCsv, DPRK_CSV ?? "");
      expect(parsed).toHaveLength(326);
      const issues = parsed.flatMap(issuesOf);
      expect(issues.filter((i) => i.severity === "error")).toEqual([]);
      expect(issues).toEqual([]);

      const parties = parsed.map((r) => r.entities[0]?.toRecord());
      const count = (test: (e: EntityRecord) => boolean) =>
        parties.filter((e) => e !== undefined && test(e)).length;
      expect(count((e) => e.schema === "Person")).toBe(157);
      expect(count((e) => e.schema === "LegalEntity")).toBe(94);
      expect(count((e) => e.schema === "Vessel")).toBe(75);
      expect(count((e) => (e.properties.alias?.length ?? 0) > 0)).toBe(182);
      expect(count((e) => (e.properties.birthDate?.length ?? 0) > 0)).toBe(124);
      // 75 vessel rows fill the IMO cell: 74 with a valid number, one printing "Does not exist".
      expect(count((e) => e.schema === "Vessel" && e.properties.imoNumber !== undefined)).toBe(74);
      expect(count((e) => e.properties.notes?.includes("imoNumber: Does not exist") ?? false)).toBe(
        1,
      );
      // The same hull under an asset freeze and a port ban is one vessel with two Sanctions.
      const vessels = new Set(parties.filter((e) => e?.schema === "Vessel").map((e) => e?.id));
      expect(vessels.size).toBe(61);
      expect(new Set(parties.map((e) => e?.id)).size).toBe(326 - 75 + 61);

      // Qualifiers after a passport number go to notes, so the number itself matches.
      const passports = parties.flatMap((e) => e?.properties.passportNumber ?? []);
      expect(passports).toHaveLength(81);
      expect(passports.filter((p) => !/^[A-Z]{0,2}[- ]*\d+$/.test(p))).toEqual([]);
      expect(passports).toEqual(expect.arrayContaining(["563210059", "654410104", "108120258"]));

      const sanctions = parsed.map((r) => r.entities[1]?.toRecord());
      expect(new Set(sanctions.map((s) => s?.id)).size).toBe(326);
      const measures = sanctions.map((s) => s?.properties.provisions?.[0]);
      expect(measures.filter((m) => m === "Asset freeze")).toHaveLength(290);
      expect(measures.filter((m) => m === "Transportation restrictions")).toHaveLength(36);
      expect(sanctions[0]?.properties).toMatchObject({
        program: ["EU-PRK"],
        authority: ["Council of the European Union"],
        startDate: ["2009-07-16"],
        summary: ["Regulation (EU) 2017/1509, Annex XIII.A, entry 1"],
      });
      expect(recogniseFormat(await readHead(DPRK_CSV ?? ""), "x", "eu").id).toBe("eu-journal-csv");
    },
  );
});

describe.each(TEST_ENGINES)("importList of the EU FSF sample on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it("stores the sample as a version of eu_fsf with the file's publication date", async () => {
    const result = await importList(store.ctx, { path: SAMPLE });
    expect(result).toMatchObject({
      dataset: "eu_fsf",
      format: "eu-fsf-xml",
      publishedAt: "2026-08-05",
      records: 3,
      entities: 6,
      warningCount: 0,
    });
    const rows = await statementsAt(store.db, "eu_fsf", 1, ["eu-fsf-sanction-8312"], ["program"]);
    expect(rows.map((r) => r.value)).toEqual(["PRK"]);
  });
});
