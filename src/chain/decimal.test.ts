import { describe, expect, it } from "vitest";
import { formatAmount, parseAmount } from "./decimal.js";

describe("parseAmount and formatAmount", () => {
  it("reads decimals exactly in base units, beyond float64's precision", () => {
    expect(parseAmount("401346.768858404671846374", 18)).toBe(401346768858404671846374n);
    expect(parseAmount("1,234.5", 6)).toBe(1234500000n);
    expect(parseAmount(".5", 8)).toBe(50000000n);
    expect(parseAmount("7", 0)).toBe(7n);
    expect(parseAmount("1.10", 1)).toBe(11n);
    expect(formatAmount(401346768858404671846374n, 18)).toBe("401346.768858404671846374");
    expect(formatAmount(1500000n, 6)).toBe("1.5");
    expect(formatAmount(0n, 18)).toBe("0");
    expect(formatAmount(5n, 0)).toBe("5");
  });

  it("names what is wrong with a bad amount", () => {
    expect(parseAmount("-1", 18)).toBe("negative");
    expect(parseAmount("1e5", 18)).toBe("unparseable");
    expect(parseAmount("", 18)).toBe("unparseable");
    expect(parseAmount("abc", 18)).toBe("unparseable");
    expect(parseAmount("0.1234567", 6)).toBe("too_precise");
  });
});
