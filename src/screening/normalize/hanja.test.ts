import { describe, expect, it } from "vitest";
import { koreanReading } from "./hanja.js";

describe("koreanReading", () => {
  it("reads Korean names written in Chinese characters as Hangul, 金 as the surname Kim", () => {
    expect(koreanReading("金正恩")).toBe("김정은");
    expect(koreanReading("金正日")).toBe("김정일");
    expect(koreanReading("朴奉珠")).toBe("박봉주");
    expect(koreanReading("崔龍海")).toBe("최룡해");
  });

  it("leaves names without Chinese characters, and Han names that are not Korean, alone", () => {
    expect(koreanReading("山田太郎")).toBeUndefined();
    expect(koreanReading("Kim Jong Un")).toBeUndefined();
    expect(koreanReading("김정은")).toBeUndefined();
  });
});
