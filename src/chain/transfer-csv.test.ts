import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Invalid } from "../model/index.js";
import { AssetRegistry } from "./assets.js";
import { assertFitsInString } from "./import-transfers.js";
import { parseTransfersCsv } from "./transfer-csv.js";

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8");
const assets = new AssetRegistry();

describe("parseTransfersCsv", () => {
  it("reads the generic layout with ISO and Unix times, exact amounts, and keeps a repeated row once", () => {
    const parsed = parseTransfersCsv(fixture("transfers.csv"), { file: "transfers.csv", assets });
    expect(parsed.format).toBe("generic");
    expect(parsed.transfers).toHaveLength(5);
    expect(parsed.duplicates).toEqual([
      expect.objectContaining({ line: 5, message: "repeats line 4" }),
    ]);
    const [first, second] = parsed.transfers;
    expect(first).toMatchObject({
      tx: "0x01",
      from: `0x${"a".repeat(40)}`,
      to: `0x${"ab".repeat(20)}`,
      asset: "ETH",
      amount: 10n * 10n ** 18n,
      time: Date.parse("2025-02-21T14:00:00Z"),
    });
    expect(second?.time).toBe(1740146460 * 1000);
  });

  it("recognises an explorer's token-transfer export by its header and turns a newest-first file round", () => {
    const parsed = parseTransfersCsv(fixture("etherscan-tokens.csv"), {
      file: "tokens.csv",
      assets,
    });
    expect(parsed.format).toBe("etherscan-token-transfers");
    expect(parsed.transfers.map((t) => [t.tx, t.asset, t.amount])).toEqual([
      ["0xt1", "USDT", 1_000_000_000n],
      ["0xt2", "USDT", 2_500_500_000n],
    ]);
  });

  it("reports every bad row with its line and reason, and fails the file", () => {
    let error: unknown;
    try {
      parseTransfersCsv(fixture("transfers-bad.csv"), { file: "bad.csv", assets });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Invalid);
    const invalid = error as Invalid;
    expect(invalid.message).toBe(
      "bad.csv: 7 bad rows, nothing stored (unparseable_amount 1, negative_amount 1, unknown_asset 1, malformed_address 2, address_not_of_asset 1, out_of_order 1)",
    );
    expect(invalid.issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [2, "amount", "unparseable amount"],
      [3, "amount", "negative amount"],
      [4, "asset", "unknown asset (declare it with --asset SYMBOL:DECIMALS)"],
      [5, "to", "EIP-55 checksum does not match"],
      [6, "to", "not 0x and 40 hexadecimal digits"],
      [10, "to", "not an address of ETH (evm)"],
      [7, "time", "earlier than the row before it"],
    ]);
  });

  it("takes a user's column mapping and a default asset", () => {
    const text =
      "hash,when,sender,receiver,value\nx,1740146400,0x" +
      "1".repeat(40) +
      ",0x" +
      "2".repeat(40) +
      ",0.5\n";
    const parsed = parseTransfersCsv(text, {
      file: "m.csv",
      assets,
      mapping: { tx: "hash", time: "when", from: "sender", to: "receiver", amount: "value" },
      asset: "USDT",
    });
    expect(parsed.transfers[0]).toMatchObject({ asset: "USDT", amount: 500_000n });
    expect(() => parseTransfersCsv(text, { file: "m.csv", assets })).toThrow(
      /header not recognised/,
    );
  });
});

describe("a transfer file too large to verify whole", () => {
  it("is refused naming the file, its size and how to split it, not with V8's own error", () => {
    expect(() => assertFitsInString("big.csv", 1_800_000_000, 536_870_888)).toThrow(
      /big\.csv: 1,717 MiB of text, more than the 512 MiB an import reads at once; split it/,
    );
    expect(() => assertFitsInString("small.csv", 1000, 536_870_888)).not.toThrow();
  });
});
