import { Invalid } from "../model/index.js";

/** The address families Cordon can verify; an asset lives on one or more of them. */
export type Chain = "evm" | "bitcoin" | "litecoin" | "tron";

export interface Asset {
  readonly symbol: string;
  /** Places of the smallest unit: 18 for ETH (wei), 8 for BTC (satoshi), 6 for USDT. */
  readonly decimals: number;
  readonly chains: readonly Chain[];
}

/**
 * Assets known without configuration. USDT and USDC are named once for every chain they are
 * issued on: the address tells which (0x… on Ethereum, T… on TRON); XBT is OFAC's code for BTC.
 */
const BUILT_IN: readonly Asset[] = [
  { symbol: "ETH", decimals: 18, chains: ["evm"] },
  { symbol: "WETH", decimals: 18, chains: ["evm"] },
  { symbol: "DAI", decimals: 18, chains: ["evm"] },
  { symbol: "BNB", decimals: 18, chains: ["evm"] },
  { symbol: "USDT", decimals: 6, chains: ["evm", "tron"] },
  { symbol: "USDC", decimals: 6, chains: ["evm", "tron"] },
  { symbol: "WBTC", decimals: 8, chains: ["evm"] },
  { symbol: "BTC", decimals: 8, chains: ["bitcoin"] },
  { symbol: "LTC", decimals: 8, chains: ["litecoin"] },
  { symbol: "TRX", decimals: 6, chains: ["tron"] },
];
const ALIASES: Readonly<Record<string, string>> = { XBT: "BTC" };

/** The assets an import or a trace knows: the built-in ones and any the caller declares. */
export class AssetRegistry {
  private readonly bySymbol = new Map<string, Asset>();

  constructor(extra: readonly Asset[] = []) {
    for (const asset of [...BUILT_IN, ...extra]) this.bySymbol.set(asset.symbol, asset);
  }

  /** The asset named `symbol` (case-blind, XBT as BTC), or undefined when unknown. */
  find(symbol: string): Asset | undefined {
    const upper = symbol.trim().toUpperCase();
    return this.bySymbol.get(ALIASES[upper] ?? upper);
  }

  /** Like find, but throws NotFound-like Invalid naming the symbol. */
  get(symbol: string): Asset {
    const asset = this.find(symbol);
    if (asset === undefined)
      throw new Invalid("unknown_asset", `unknown asset ${symbol} (declare it as SYMBOL:DECIMALS)`);
    return asset;
  }

  list(): Asset[] {
    return [...this.bySymbol.values()];
  }
}

/**
 * Reads "SYMBOL:DECIMALS[:chain]" declarations (`--asset HACKER:18`), as a token that is not
 * built in is declared by the user. Throws Invalid on a malformed declaration.
 */
export function parseAssetDeclarations(texts: readonly string[]): Asset[] {
  return texts.map((text) => {
    const m = /^([A-Za-z0-9._-]{1,20}):(\d{1,2})(?::(evm|bitcoin|litecoin|tron))?$/.exec(
      text.trim(),
    );
    if (m === null)
      throw new Invalid(
        "invalid_asset",
        `asset declaration ${text} is not SYMBOL:DECIMALS[:chain]`,
      );
    return {
      symbol: (m[1] ?? "").toUpperCase(),
      decimals: Number(m[2]),
      chains: [(m[3] ?? "evm") as Chain],
    };
  });
}
