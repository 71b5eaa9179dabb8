import { describe, expect, it } from "vitest";
import { normalizeAddress, toChecksumAddress } from "./address.js";

describe("normalizeAddress", () => {
  it("lower-cases EVM addresses and verifies EIP-55 when mixed-case", () => {
    // The EIP-55 test vectors.
    for (const a of [
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    ]) {
      expect(toChecksumAddress(a.toLowerCase())).toBe(a);
      expect(normalizeAddress(a)).toEqual({ key: a.toLowerCase(), chains: ["evm"] });
    }
    expect(normalizeAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")).toBe(
      "EIP-55 checksum does not match",
    );
    expect(normalizeAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).toMatchObject({
      chains: ["evm"],
    });
    expect(typeof normalizeAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea")).toBe("string");
  });

  it("verifies Base58Check and keeps it exact", () => {
    const genesis = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
    expect(normalizeAddress(genesis)).toEqual({ key: genesis, chains: ["bitcoin"] });
    expect(normalizeAddress("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")).toBe(
      "Base58Check checksum does not match",
    );
    expect(normalizeAddress("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")).toMatchObject({
      chains: ["tron"],
    });
  });

  it("verifies Bech32 and Bech32m with the variant the witness version requires", () => {
    // BIP 173 and BIP 350 test vectors.
    expect(normalizeAddress("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")).toEqual({
      key: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      chains: ["bitcoin"],
    });
    expect(
      normalizeAddress("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
    ).toMatchObject({ chains: ["bitcoin"] });
    expect(normalizeAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")).toBe(
      "Bech32 checksum does not match",
    );
    // v1 with a Bech32 (not Bech32m) checksum, from BIP 350's invalid list.
    expect(
      typeof normalizeAddress("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkvw"),
    ).toBe("string");
  });
});
