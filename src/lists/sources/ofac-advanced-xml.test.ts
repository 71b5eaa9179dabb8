import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type EntityRecord, Invalid } from "../../model/index.js";
import { recogniseFormat } from "../formats.js";
import { fixturePath, readAll, sharedData } from "../testing.js";
import { ofacAdvancedXml } from "./ofac-advanced-xml.js";

const SAMPLE = fixturePath("demo/ofac_sdn_advanced_2025-11-19_sample.xml");
const REAL = sharedData("crypto/ofac_sdn_advanced_2025-11-19.xml.bz2");
const PARTIES = ["Person", "LegalEntity", "Organization", "Vessel", "Airplane"];

async function entitiesOf(path: string): Promise<Map<string, EntityRecord>> {
  const { records } = await readAll(ofacAdvancedXml, path);
  return new Map(records.flatMap((r) => r.entities.map((e) => [e.id, e.toRecord()] as const)));
}

describe("ofacAdvancedXml", () => {
  it("recognises sdn_advanced.xml in both namespaces and nothing else", () => {
    const head = readFileSync(SAMPLE, "utf8").slice(0, 16384);
    expect(recogniseFormat(head, "x.xml", "us-ofac")).toBe(ofacAdvancedXml);
    expect(ofacAdvancedXml.sniff('<Sanctions xmlns="http://www.un.org/sanctions/1.0">')).toBe(true);
    expect(ofacAdvancedXml.sniff('<sdnList xmlns="http://tempuri.org/sdnList.xsd">')).toBe(false);
    expect(ofacAdvancedXml.sniff('<CONSOLIDATED_LIST dateGenerated="2026-02-27">')).toBe(false);
  });

  it("maps the sample's vessels, entities, persons, wallets, sanctions and ownership", async () => {
    const { records, published } = await readAll(ofacAdvancedXml, SAMPLE);
    expect(published).toBe("2025-11-19");
    expect(
      records.flatMap((r) => [...(r.issues ?? []), ...r.entities.flatMap((e) => e.issues)]),
    ).toEqual([]);
    const entities = await entitiesOf(SAMPLE);
    expect(entities.get("ofac-19577")).toEqual({
      id: "ofac-19577",
      schema: "Vessel",
      properties: {
        topics: ["sanction"],
        name: ["JIN TENG"],
        flag: ["sl"],
        imoNumber: ["IMO9163166"],
      },
    });
    expect(entities.get("ofac-21743")?.properties).toMatchObject({
      name: ["Kim, Yong Su"],
      alias: ["Kim, Yo'ng-su"],
      birthDate: ["1969-02-09"],
      nationality: ["kp"],
      gender: ["male"],
      passportNumber: ["654435458"],
      position: ["Chief Representative of the Marine Transport Office in Vietnam"],
    });
    // "DOB circa 1947; alt. DOB circa 1946": approximate years stay plain years.
    expect(entities.get("ofac-12211")?.properties.birthDate).toEqual(["1947", "1946"]);
    expect(entities.get("ofac-27307")).toMatchObject({
      schema: "LegalEntity",
      properties: { name: ["Lazarus Group"], country: ["kp"] },
    });
    expect(entities.get("ofac-27307")?.properties.weakAlias).toContain("Hidden Cobra");
    const wallets = [...entities.values()].filter((e) => e.schema === "CryptoWallet");
    expect(wallets.map((w) => w.properties)).toContainEqual({
      publicKey: ["0x098B716B8Aaf21512996dC57EB0615e2383E2f96"],
      currency: ["ETH"],
      topics: ["sanction"],
      holder: ["ofac-27307"],
    });
    expect(entities.get("ofac-sanction-27307")?.properties).toMatchObject({
      entity: ["ofac-27307"],
      authority: ["US Treasury, Office of Foreign Assets Control"],
      authorityId: ["27307"],
      program: ["DPRK3"],
      listingDate: ["2019-09-13"],
    });
    expect(entities.get("ofac-rel-3218")).toMatchObject({
      schema: "Ownership",
      properties: {
        asset: ["ofac-19577"],
        owner: ["ofac-17068"],
        role: ["Owned or Controlled By"],
      },
    });
  });

  it("reports an IMO number with a wrong check digit as an error at its document", async () => {
    const path = fixturePath("ofac_advanced_bad_imo.xml");
    const { records } = await readAll(ofacAdvancedXml, path);
    const errors = records.flatMap((r) => r.entities.flatMap((e) => e.issues));
    expect(errors).toEqual([
      expect.objectContaining({
        file: path,
        line: 130,
        element: "IDRegDocument[ID=11881]",
        field: "imoNumber",
        value: "IMO 9163167",
        severity: "error",
      }),
    ]);
    expect(errors[0]?.message).toContain("check digit");
  });

  it("rejects a truncated file, naming the line", async () => {
    const path = fixturePath("ofac_advanced_truncated.xml");
    const error = await readAll(ofacAdvancedXml, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues[0]).toMatchObject({ file: path, line: expect.any(Number) });
  });

  it.skipIf(REAL === undefined)(
    "reads the 2025-11-19 SDN list with the counts in PROVENANCE.md",
    async () => {
      const { records, published } = await readAll(ofacAdvancedXml, REAL ?? "");
      expect(published).toBe("2025-11-19");
      const issues = records.flatMap((r) => [
        ...(r.issues ?? []),
        ...r.entities.flatMap((e) => e.issues),
      ]);
      expect(issues.filter((i) => i.severity === "error")).toEqual([]);
      const parties = new Map<string, EntityRecord>();
      // OFAC's "Entity": a LegalEntity, or an Organization where it holds an IMO company number.
      const ofacType = (schema: string) => (schema === "Organization" ? "LegalEntity" : schema);
      const count = (list: readonly EntityRecord[]) => {
        const counts: Record<string, number> = {};
        for (const e of list) counts[ofacType(e.schema)] = (counts[ofacType(e.schema)] ?? 0) + 1;
        return counts;
      };
      const all = records.flatMap((r) => r.entities.map((e) => e.toRecord()));
      for (const e of all) if (PARTIES.includes(e.schema)) parties.set(e.id, e);
      expect(count([...parties.values()])).toEqual({
        LegalEntity: 9359,
        Person: 7303,
        Vessel: 1370,
        Airplane: 335,
      });
      const dprk = all
        .filter((e) => e.schema === "Sanction")
        .filter((s) => s.properties.program?.some((p) => p.startsWith("DPRK")))
        .map((s) => parties.get(s.properties.entity?.[0] ?? ""))
        .filter((p) => p !== undefined);
      expect(dprk).toHaveLength(538);
      expect(count(dprk)).toEqual({ Person: 193, LegalEntity: 224, Vessel: 105, Airplane: 16 });
      // PROVENANCE's 114 DPRK parties with a "Vessel Registration Identification" are the 105
      // vessels (each with a valid IMO number) and 9 entities holding a company IMO number.
      // OFAC files 46 more DPRK company IMO numbers as "Company Number" or "Identification
      // Number" documents: all 55 companies are Organizations with an (unchecked) imoNumber.
      expect(dprk.filter((p) => p.properties.imoNumber !== undefined)).toHaveLength(160);
      expect(dprk.filter((p) => p.schema === "Vessel" && p.properties.imoNumber)).toHaveLength(105);
      expect(parties.get("ofac-19569")).toMatchObject({
        schema: "Organization",
        properties: { imoNumber: ["IMO5878589"] },
      });
    },
    120_000,
  );
});
