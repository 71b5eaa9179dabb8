import { describe, expect, it } from "vitest";
import { foldName, identifierKey, koreanKey, nameKeys, parseName } from "./index.js";

describe("foldName", () => {
  it("folds accents, transliterates scripts and splits syllabic scripts by syllable", () => {
    expect(foldName("Jöhn  Ñoño-Pérez")).toBe("john nono perez");
    expect(foldName("Владимир Путин")).toBe("vladimir putin");
    expect(foldName("김정은")).toBe("gim jeong eun");
    expect(foldName("习近平")).toBe("xi jin ping");
    expect(foldName("O'Brien")).toBe("obrien");
  });
});

describe("koreanKey", () => {
  it("gives one key to the spellings of a Korean syllable", () => {
    const same = (...spellings: string[]) =>
      expect(new Set(spellings.map(koreanKey)).size, spellings.join("/")).toBe(1);
    same("kim", "gim");
    same("jong", "chong", "jeong", "jung");
    same("un", "eun");
    same("ri", "li", "yi", "lee", "rhee", "i");
    same("pak", "park", "bak");
    same("chol", "chul", "cheol");
    same("song", "seong", "sung");
    same("choe", "choi");
    same("hyon", "hyun", "hyeon");
    same("u", "woo");
    same("o", "oh");
  });

  it("keeps syllables apart that differ in more than spelling", () => {
    expect(koreanKey("chol")).not.toBe(koreanKey("chun"));
    expect(koreanKey("kim")).not.toBe(koreanKey("kang"));
    expect(koreanKey("smith")).toBe("smith");
  });
});

describe("nameKeys", () => {
  it("collapses the spellings of one DPRK name to the same keys", () => {
    const keys = nameKeys("Kim Jong Un", "Person");
    for (const spelling of ["KIM Jong-un", "Kim Chong Un", "Gim Jeong-eun", "김정은"])
      expect(nameKeys(spelling, "Person"), spelling).toEqual(keys);
  });

  it("drops titles and legal forms", () => {
    expect(nameKeys("Mr. Ri Pyong Chol", "Person")).toEqual(nameKeys("Ri Pyong Chol", "Person"));
    expect(nameKeys("OOO Gazprom Neft", "Company")).toEqual(["gazprom", "neft"]);
    expect(nameKeys("Ocean Maritime Management Co., Ltd.", "Company")).not.toContain("ltd");
  });

  it("is empty for a name without letters or digits", () => {
    expect(nameKeys(" -- ", "Person")).toEqual([]);
  });
});

describe("parseName", () => {
  it("takes legal forms out of company names, at the start or the end only", () => {
    expect(parseName("LLC Construction", "Company").legalForms).toEqual(["llc"]);
    const fund = parseName("Bowne Global Solutions II Denmark A/S", "Company");
    expect(fund.parts.map((p) => p.text)).toContain("ii");
    expect(fund.legalForms).toEqual(["as"]);
  });

  it("reads dotted legal forms as their letters (P.T. is PT, S.A. is SA)", () => {
    expect(nameKeys("P.T. Astra International", "Company")).toEqual(
      nameKeys("PT Astra International", "Company"),
    );
    expect(parseName("Banco Santander S.A.", "Company").legalForms).toHaveLength(1);
  });

  it("keeps a name that is only a legal form", () => {
    expect(parseName("LLC", "Company").parts.map((p) => p.text)).toEqual(["llc"]);
  });

  it("joins the letters of an acronym and reads number words", () => {
    expect(parseName("C.B.A. Company", "Company").parts[0]?.text).toBe("cba");
    expect(parseName("Three Percenters", "Organization").parts[0]?.text).toBe("3");
  });
});

describe("identifierKey", () => {
  it("reduces IMO and MMSI numbers to digits", () => {
    expect(identifierKey("imoNumber", "IMO 9123456")).toBe("9123456");
    expect(identifierKey("mmsi", "445 123 000")).toBe("445123000");
  });

  it("drops spaces, dashes and dots from document numbers and upper-cases them", () => {
    expect(identifierKey("passportNumber", "ab-12 345.6")).toBe("AB123456");
  });

  it("lower-cases EVM addresses and keeps other addresses exact", () => {
    expect(identifierKey("publicKey", "0xAbC0000000000000000000000000000000000DeF")).toBe(
      "0xabc0000000000000000000000000000000000def",
    );
    expect(identifierKey("publicKey", " bc1qXyZ ")).toBe("bc1qXyZ");
  });
});
