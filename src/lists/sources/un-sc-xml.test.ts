import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Invalid } from "../../model/index.js";
import type { ParsedRecord } from "../format.js";
import { recogniseFormat } from "../formats.js";
import { fixturePath, readAll, sharedData } from "../testing.js";
import { unScXml } from "./un-sc-xml.js";

const SAMPLE = fixturePath("demo/un_consolidated_sample.xml");
const REAL = sharedData("sanctions/un/un_consolidated_2026-02-27.xml");

const byRef = (records: readonly ParsedRecord[], ref: string) =>
  records
    .find((r) => r.entities[1]?.get("authorityId").includes(ref))
    ?.entities.map((e) => e.toRecord());

describe("UN SC consolidated list XML", () => {
  it("is recognised from its root element, and other files are not taken for it", () => {
    const head = readFileSync(SAMPLE, "utf8").slice(0, 16384);
    expect(unScXml.sniff(head)).toBe(true);
    expect(recogniseFormat(head, SAMPLE).id).toBe("un-sc-xml");
    expect(unScXml.sniff('{"id": "x", "schema": "Person"}')).toBe(false);
    expect(unScXml.sniff('<?xml version="1.0"?>\n<export><sanctionEntity/></export>')).toBe(false);
  });

  it("maps a DPRK individual to a Person with aliases, birth date, passport and a Sanction", async () => {
    const { records, published } = await readAll(unScXml, SAMPLE);
    expect(published).toBe("2026-02-27");
    expect(records).toHaveLength(5);
    expect(records.flatMap((r) => r.entities.flatMap((e) => e.issues))).toEqual([]);
    expect(byRef(records, "KPi.033")).toEqual([
      {
        id: "unsc-6908555",
        schema: "Person",
        properties: {
          name: ["RI WON HO"],
          alias: ["Ri Won-ho"],
          weakAlias: ["Won Ho"],
          topics: ["sanction"],
          notes: [
            "Ri Won Ho is a DPRK Ministry of State Security Official stationed in Syria supporting KOMID.",
            "Address Damascus, Syrian Arab Republic: as of 2016",
          ],
          address: ["Damascus, Syrian Arab Republic"],
          country: ["sy"],
          position: ["DPRK Ministry of State Security Official"],
          nationality: ["kp"],
          birthDate: ["1964-07-17"],
          passportNumber: ["381310014"],
        },
      },
      {
        id: "unsc-sanction-6908555",
        schema: "Sanction",
        properties: {
          entity: ["unsc-6908555"],
          authority: ["United Nations Security Council"],
          program: ["DPRK"],
          authorityId: ["KPi.033"],
          unscId: ["KPi.033"],
          listingDate: ["2016-11-30"],
          modifiedAt: ["2022-07-26"],
        },
      },
    ]);
  });

  it("keeps original-script names, year ranges, alias birth dates and one passport per number", async () => {
    const { records } = await readAll(unScXml, SAMPLE);
    const kim = byRef(records, "KPi.066")?.[0]?.properties;
    expect(kim?.name).toEqual(["KIM JONG SIK"]);
    expect(kim?.alias).toEqual(["김정식", "Kim Cho'ng-sik", "Kim Jong-sik"]);
    expect(kim?.birthDate?.slice().sort()).toEqual(["1967", "1968", "1969"]);
    expect(kim?.notes).toContain("Date of birth: between 1967 and 1969");
    expect(kim?.passportNumber).toEqual(["381420754"]);
    expect(kim?.notes).toContain("Passport 381420754: issued 2011-12-07");
    expect(kim).toMatchObject({ gender: ["male"], birthCountry: ["kp"] });

    const other = byRef(records, "TAi.999");
    expect(other?.[0]?.properties).toMatchObject({
      name: ["ABDUL SAMAD KHAN"], // FOURTH_NAME "na" is not a name
      weakAlias: ["Samad Khan", "Abdul Samad"],
      nationality: ["af"],
      birthDate: ["1970", "1973-11"],
      birthPlace: ["Kandahar, Kandahar Province, Afghanistan"],
      idNumber: ["44323"],
      title: ["Mullah"],
    });
    expect(other?.[1]?.properties.listingDate).toEqual(["2015-04-07"]);
  });

  it("maps entities to Organizations with f.k.a. names and IMO company numbers", async () => {
    const { records } = await readAll(unScXml, SAMPLE);
    const [omm, sanction] = byRef(records, "KPe.020") ?? [];
    expect(omm).toMatchObject({
      id: "unsc-6908046",
      schema: "Organization",
      properties: {
        name: ["OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)"],
        alias: ["East Sea Shipping Company"],
        previousName: ["Haeyang Crew Management Company"],
        country: ["kp"],
        imoNumber: ["IMO1790183"],
      },
    });
    expect(sanction?.properties).toMatchObject({ program: ["DPRK"], authorityId: ["KPe.020"] });
    // "KPe.066 " has a trailing blank in the list; the IMO number is in the comment.
    expect(byRef(records, "KPe.066")?.[0]?.properties.imoNumber).toEqual(["IMO5434358"]);
  });

  it("fails a record with an impossible birth date, naming file, line, element and field", async () => {
    const path = fixturePath("un_bad_date.xml");
    const { records } = await readAll(unScXml, path);
    expect(records).toHaveLength(2);
    expect(records[0]?.entities.flatMap((e) => e.issues)).toEqual([]);
    expect(records[1]?.entities.flatMap((e) => e.issues)).toEqual([
      expect.objectContaining({
        file: path,
        line: 25,
        element: "INDIVIDUALS/INDIVIDUAL[KPi.002]/INDIVIDUAL_DATE_OF_BIRTH/DATE",
        field: "birthDate",
        value: "1962-13-45",
        severity: "error",
      }),
    ]);
  });

  it("rejects a truncated file as a whole, with its line", async () => {
    const path = fixturePath("un_truncated.xml");
    const error = await readAll(unScXml, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues).toEqual([expect.objectContaining({ file: path, line: 16 })]);
  });

  it.skipIf(REAL === undefined)(
    "reads the real list of 2026-02-27 with the verified counts",
    async () => {
      const started = performance.now();
      const { records, published } = await readAll(unScXml, REAL as string);
      const ms = performance.now() - started;
      console.log(`un-sc-xml: ${records.length} records in ${Math.round(ms)} ms`);
      expect(published).toBe("2026-02-27");
      expect(records).toHaveLength(1003);
      const issues = records.flatMap((r) => [
        ...(r.issues ?? []),
        ...r.entities.flatMap((e) => e.issues),
      ]);
      expect(issues.filter((i) => i.severity === "error")).toEqual([]);
      expect(issues).toEqual([]); // no warnings either: every country spelling is known

      const parties = records.map((r) => r.entities[0]);
      expect(parties.filter((p) => p?.schema.name === "Person")).toHaveLength(730);
      expect(parties.filter((p) => p?.schema.name === "Organization")).toHaveLength(273);

      const dprk = records.filter((r) => r.entities[1]?.get("program").includes("DPRK"));
      const persons = dprk.flatMap((r) => r.entities.filter((e) => e.schema.name === "Person"));
      const orgs = dprk.flatMap((r) => r.entities.filter((e) => e.schema.name === "Organization"));
      const refs = (kind: string) =>
        dprk
          .flatMap((r) => r.entities[1]?.get("authorityId") ?? [])
          .filter((ref) => ref.startsWith(kind))
          .sort();
      expect(refs("KPi")).toEqual(range("KPi", 80));
      expect(refs("KPe")).toEqual(range("KPe", 75));
      expect([persons.length, orgs.length]).toEqual([80, 75]);
      const aliases = persons.reduce(
        (n, p) => n + p.get("alias").length + p.get("weakAlias").length,
        0,
      );
      expect(aliases).toBe(83);
      expect(persons.filter((p) => p.has("birthDate"))).toHaveLength(72);
      expect(persons.filter((p) => p.get("nationality").includes("kp"))).toHaveLength(79);
      expect(persons.filter((p) => p.has("passportNumber") || p.has("idNumber"))).toHaveLength(43);
      const orgNames = orgs.reduce(
        (n, o) =>
          n + o.get("alias").length + o.get("weakAlias").length + o.get("previousName").length,
        0,
      );
      expect(orgNames).toBe(131);
      expect(orgs.filter((o) => o.has("imoNumber"))).toHaveLength(16);
    },
  );
});

function range(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}.${String(i + 1).padStart(3, "0")}`);
}
