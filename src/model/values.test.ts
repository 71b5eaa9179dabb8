import { describe, expect, it } from "vitest";
import { findProperty, getSchema } from "./ftm.js";
import { cleanValue } from "./values.js";

const website = findProperty(getSchema("Company"), "website");

describe("cleanValue for URLs", () => {
  it("keeps http(s) URLs and gives bare host names the scheme lists leave out", () => {
    if (website === undefined) throw new Error("Company has no website");
    expect(cleanValue(website, "https://kkbc.com.kp/en")).toEqual({
      ok: true,
      value: "https://kkbc.com.kp/en",
    });
    expect(cleanValue(website, "www.mebank.ir")).toEqual({
      ok: true,
      value: "http://www.mebank.ir",
    });
    expect(cleanValue(website, "https:/keremetbank.kg")).toEqual({
      ok: true,
      value: "https://keremetbank.kg",
    });
    expect(cleanValue(website, "not a site")).toMatchObject({ ok: false });
  });
});
