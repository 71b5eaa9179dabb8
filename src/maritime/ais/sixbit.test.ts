import { describe, expect, it } from "vitest";
import { bytesToBits, readInt, readUint, toBits, toPayload } from "./sixbit.js";
import { armour } from "./testing.js";

/** A field read from the bit string itself: the reference for the sextet arithmetic. */
function referenceUint(bits: string, start: number, width: number): number {
  const field = bits.slice(start, start + width).padEnd(width, "0");
  return Number.parseInt(field, 2);
}

function randomBits(length: number, seed: number): string {
  let state = seed;
  let bits = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    bits += state >= 1073741824 ? "1" : "0";
  }
  return bits;
}

describe("readUint", () => {
  it("reads every width from 1 to 32 at every offset as the bit string says, past the end as 0", () => {
    for (const seed of [1, 2, 3]) {
      const bits = randomBits(168, seed);
      const { payload } = armour(bits);
      const read = toBits(payload, 0);
      expect(read).not.toBeNull();
      if (read === null) return;
      for (let width = 1; width <= 32; width++)
        for (let start = 0; start <= 180 - width; start++)
          expect([start, width, readUint(read, start, width)]).toEqual([
            start,
            width,
            referenceUint(bits, start, width),
          ]);
    }
  });

  it("reads two's-complement fields and gives the same bits from bytes as from text", () => {
    const { payload } = armour(`${"1".repeat(28)}${"0".repeat(27)}1`);
    const fromText = toBits(payload, 2);
    expect(fromText && readInt(fromText, 0, 28)).toBe(-1);
    expect(fromText && readInt(fromText, 28, 28)).toBe(1);
    const fromBytes = bytesToBits(
      Buffer.from(`xx${payload}yy`, "latin1"),
      2,
      2 + payload.length,
      2,
    );
    expect(fromBytes && toPayload(fromBytes)).toBe(payload);
    expect(fromBytes?.length).toBe(payload.length * 6 - 2);
    expect(bytesToBits(Buffer.from("0~0", "latin1"), 0, 3, 0)).toBeNull();
  });
});
