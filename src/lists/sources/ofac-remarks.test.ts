import { describe, expect, it } from "vitest";
import { parseOfacDates, parseRemarks, type Remark } from "./ofac-remarks.js";

/** A remark as "prop=value", "wallet:CUR=address", "provision=..." or "note=...". */
function show(remark: Remark): string {
  switch (remark.kind) {
    case "value":
      return `${remark.prop}=${remark.value}`;
    case "wallet":
      return `wallet:${remark.currency}=${remark.address}`;
    case "provision":
      return `provision=${remark.value}`;
    case "note":
      return `note=${remark.segment}`;
    case "cut":
      return `cut=${remark.segment}`;
  }
}

describe("parseRemarks", () => {
  it.each([
    ["a.k.a. 'BNC'.", ["alias=BNC"]],
    ["a.k.a. 'X'; a.k.a. 'Y'.", ["alias=X", "alias=Y"]],
    ["f.k.a. 'ANA I'; n.k.a. 'LGOK'.", ["previousName=ANA I", "alias=LGOK"]],
    ["a.k.a. 'ABU-'UMAR'.", ["alias=ABU-'UMAR"]],
    ["a.k.a. ''FOOPIE''; a.k.a. ''ABD AL-MUHSI'.", ["weakAlias=FOOPIE", "alias='ABD AL-MUHSI"]],
    ["DOB 01 Jan 1960.", ["birthDate=1960-01-01"]],
    ["DOB 10 Dec 1948; alt. DOB Mar 1945.", ["birthDate=1948-12-10", "birthDate=1945-03"]],
    ["DOB circa 1960.", ["birthDate=1960"]],
    ["DOB 1960 to 1962.", ["birthDate=1960", "birthDate=1962"]],
    ["DOB circa 1958-1960.", ["birthDate=1958", "birthDate=1960"]],
    ["DOB 01 Jan 1960 to 31 Dec 1962.", ["birthDate=1960-01-01", "birthDate=1962-12-31"]],
    ["DOB sometime in the sixties.", ["note=DOB sometime in the sixties"]],
    ["POB Pyongan-Pukto, North Korea.", ["birthPlace=Pyongan-Pukto, North Korea"]],
    [
      "nationality Korea, North; alt. citizen Russia.",
      ["nationality=Korea, North", "citizenship=Russia"],
    ],
    ["Gender Male.", ["gender=Male"]],
    ["Passport 745310111 (Korea, North).", ["passportNumber=745310111"]],
    [
      "Passport 381420754 issued 07 Dec 2011 expires 07 Dec 2016.",
      [
        "passportNumber=381420754",
        "note=Passport 381420754 issued 07 Dec 2011 expires 07 Dec 2016",
      ],
    ],
    ["alt. Passport RL 1794375 (Lebanon).", ["passportNumber=RL 1794375"]],
    ["Tax ID No. 100036386 (Serbia).", ["taxNumber=100036386"]],
    ["National ID No. 216040 (Yemen).", ["idNumber=216040"]],
    ["Registration Number HRA 738077 (Stuttgart) (Germany).", ["registrationNumber=HRA 738077"]],
    [
      "Legal Entity Number 253400V1H6ART1UQ0N98 (Russia); Legal Entity Number 851683897.",
      ["leiCode=253400V1H6ART1UQ0N98", "registrationNumber=851683897"],
    ],
    ["Vessel Registration Identification IMO 7937317.", ["imoNumber=7937317"]],
    ["Vessel Registration Identification IMO  8730455.", ["imoNumber=8730455"]],
    [
      "Identification Number IMO 5342883; alt. Company Number IMO 5055293.",
      ["imoNumber=5342883", "imoNumber=5055293"],
    ],
    ["Vessel Registration Identification 15411 (Malta).", ["registrationNumber=15411"]],
    ["MMSI 572469210; Vessel Year of Build 1999.", ["mmsi=572469210", "buildDate=1999"]],
    ["Former Vessel Flag Tanzania.", ["pastFlags=Tanzania"]],
    [
      "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h.",
      ["wallet:XBT=12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"],
    ],
    [
      "alt. Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96.",
      ["wallet:ETH=0x098B716B8Aaf21512996dC57EB0615e2383E2f96"],
    ],
    ["Email Address kdb@co.chesin.com.", ["email=kdb@co.chesin.com"]],
    ["EMAIL kdb@co.chesin.com.", ["email=kdb@co.chesin.com"]],
    [
      "Website www.havanaintbank.co.uk; alt. Website https://sinbad.io.",
      ["website=http://www.havanaintbank.co.uk", "website=https://sinbad.io"],
    ],
    ["SWIFT/BIC KDBKKPPY.", ["swiftBic=KDBKKPPY"]],
    ["PHONE 850 2 381 8221.", ["phone=850 2 381 8221"]],
    ["Organization Established Date 29 Sep 2022.", ["incorporationDate=2022-09-29"]],
    [
      "Aircraft Manufacture Date 1974; Aircraft Model AN24-RV; Aircraft Operator Air Koryo.",
      ["buildDate=1974", "model=AN24-RV", "note=Aircraft Operator Air Koryo"],
    ],
    ["Aircraft Manufacturer's Serial Number (MSN) 1023409321.", ["serialNumber=1023409321"]],
    ["Aircraft Tail Number N200VR.", ["registrationNumber=N200VR"]],
    [
      "Linked To: FUJIAN PROVINCIAL PINGTAN COUNTY OCEAN FISHING GROUP CO., LTD.",
      ["note=Linked To: FUJIAN PROVINCIAL PINGTAN COUNTY OCEAN FISHING GROUP CO., LTD."],
    ],
    ["Linked To: NATIONAL DEFENSE COMMISSION.", ["note=Linked To: NATIONAL DEFENSE COMMISSION"]],
    [
      "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210.",
      [
        "provision=Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210",
      ],
    ],
    [
      "nationality Turkey;arrested 23 Apr 2002.",
      ["nationality=Turkey", "note=arrested 23 Apr 2002"],
    ],
    ["-0-", []],
    ["", []],
  ])("%s", (text, expected) => {
    expect(parseRemarks(text).map(show)).toEqual(expected);
  });

  it("keeps the last fact of a remark cut off at 1,000 characters out of the properties", () => {
    const remarks = parseRemarks("a.k.a. 'OFFICE 91'; a.k.a. 'WHOIS HACKIN", true);
    expect(remarks.map(show)).toEqual(["alias=OFFICE 91", "cut=a.k.a. 'WHOIS HACKIN"]);
    // A cut just after "; " leaves every fact whole.
    expect(
      parseRemarks("Digital Currency Address - XBT 18yWCu6agTxYqAerMxiz9sgHrK3ViezzGa;", true).map(
        show,
      ),
    ).toEqual(["wallet:XBT=18yWCu6agTxYqAerMxiz9sgHrK3ViezzGa"]);
  });
});

describe("parseOfacDates", () => {
  it.each([
    ["07 Jan 1930", ["1930-01-07"]],
    ["Feb 1958", ["1958-02"]],
    ["circa 01 Jan 1970", ["1970-01-01"]],
    ["Mar 1960 to Apr 1961", ["1960-03", "1961-04"]],
    ["31 Feb 1970", ["1970-02-31"]],
  ])("%s", (text, expected) => {
    expect(parseOfacDates(text)).toEqual(expected);
  });

  it.each(["", "1960s", "early 1960", "01 Foo 1960", "01/02/1960"])("rejects %j", (text) => {
    expect(parseOfacDates(text)).toBeUndefined();
  });
});
