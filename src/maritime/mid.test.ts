import { describe, expect, it } from "vitest";
import { flagOfMmsi, midOfMmsi } from "./mid.js";

describe("flagOfMmsi", () => {
  it.each([
    [445123000, "KP"], // DPRK
    [273000001, "RU"],
    [413000000, "CN"],
    [636021061, "LR"],
    [352001234, "PA"],
    [477000001, "HK"],
    [219021240, "DK"],
    [232018267, "GB"],
    [4132424, "CN"], // 00MIDXXXX coast station (the type 4 base station of the 2021 corpus)
    [44512345, "KP"], // 0MIDXXXXX group call
    [844512345, "KP"], // 8MIDXXXXX handheld
    [984451234, "KP"], // 98MIDXXXX craft of a parent ship
    [992190934, "DK"], // 99MIDXXXX aid to navigation
    [111273123, "RU"], // 111MIDXXX SAR aircraft
  ])("%i flies %s", (mmsi, flag) => {
    expect(flagOfMmsi(mmsi)).toBe(flag);
  });

  it("answers null for forms without a MID, unallocated MIDs and non-MMSIs", () => {
    expect(flagOfMmsi(970123456)).toBeNull(); // AIS-SART
    expect(flagOfMmsi(217000000)).toBeNull(); // 217 is not allocated
    expect(flagOfMmsi(0)).toBeNull();
    expect(flagOfMmsi(1_000_000_000)).toBeNull();
    expect(midOfMmsi(123456789)).toBeNull();
  });
});
