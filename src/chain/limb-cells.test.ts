import { describe, expect, it } from "vitest";
import { LimbCells, wordsOf } from "./limb-cells.js";

/** mulberry32, so that the sequence is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("LimbCells", () => {
  it("adds and floor-subtracts exactly like bigints, across 2^53, 2^64 and the 2^84 limit", () => {
    const rand = random(7);
    const size = 5;
    const shared = new Float64Array(size * 4);
    const cells = [
      new LimbCells(size, { cells: shared, stride: 4, offset: 0 }),
      new LimbCells(size, { cells: shared, stride: 4, offset: 2 }),
    ];
    const expected = [new Array<bigint>(size).fill(0n), new Array<bigint>(size).fill(0n)];
    const amounts = new BigUint64Array(1);
    const { words, low } = wordsOf(amounts);
    for (let step = 0; step < 20_000; step++) {
      const c = Math.floor(rand() * 2);
      const i = Math.floor(rand() * size);
      const kind = rand();
      // Amounts of every size, some huge (2^80 and more: the bigint path) and some past 2^64.
      const amount =
        kind < 0.05
          ? BigInt(Math.floor(rand() * 2 ** 40)) << 50n
          : kind < 0.5
            ? BigInt(Math.floor(rand() * 2 ** 32)) * BigInt(Math.floor(rand() * 2 ** 32))
            : BigInt(Math.floor(rand() * 1000));
      const cell = cells[c] as LimbCells;
      const want = expected[c] as bigint[];
      const add = rand() < 0.6;
      if (amount < 2n ** 64n) {
        amounts[0] = amount;
        const alo = words[low] ?? 0;
        const ahi = words[1 - low] ?? 0;
        if (add) cell.add(i, alo, ahi);
        else cell.subtractFloored(i, alo, ahi);
      } else if (add) cell.addBig(i, amount);
      else cell.subtractFlooredBig(i, amount);
      const was = want[i] ?? 0n;
      want[i] = add ? was + amount : amount >= was ? 0n : was - amount;
      expect(cell.get(i), `step ${step}`).toBe(want[i]);
    }
    expect(expected.flat().some((v) => v >= 2n ** 84n)).toBe(true);
  });

  it("sets and gets every size exactly, through the 2^53, 2^64 and 2^84 boundaries", () => {
    const cells = new LimbCells(3, { cells: new Float64Array(24), stride: 8, offset: 2 });
    const edges = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n];
    const more = [
      2n ** 64n - 1n,
      2n ** 64n,
      2n ** 64n + 1n,
      2n ** 84n - 1n,
      2n ** 84n,
      2n ** 90n + 3n,
    ];
    for (const v of [...edges, ...more, 0n, 12_345_678_901_234_567_890n]) {
      cells.set(1, v);
      expect(cells.get(1)).toBe(v);
      expect(cells.get(0)).toBe(0n);
      expect(cells.get(2)).toBe(0n);
    }
  });
});
