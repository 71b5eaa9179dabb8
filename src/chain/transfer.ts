/** One movement of value: `amount` base units of `asset` from one address to another. */
export interface Transfer {
  /** Transaction hash (or "" when the source has none, as Dune exports). */
  readonly tx: string;
  /** Epoch milliseconds, UTC. */
  readonly time: number;
  readonly from: string;
  readonly to: string;
  /** Asset symbol as the registry knows it (ETH, USDT). */
  readonly asset: string;
  /** Base units (wei, satoshi), exact. */
  readonly amount: bigint;
}

/** The identity of a transfer row: two rows with it are one transfer reported twice. */
export function transferKey(t: Transfer): string {
  return `${t.tx}|${t.tx === "" ? t.time : ""}|${t.from}|${t.to}|${t.asset}|${t.amount}`;
}
