/**
 * Exact amounts: a decimal string in an asset's units becomes a bigint of its base units
 * (wei, satoshi), scaled by the asset's decimals. Floating point never touches an amount: a
 * float64 holds 15–17 significant digits and a wei amount of 1,000 ETH has 22.
 */

const DECIMAL = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** Why a decimal string could not be read as an amount. */
export type AmountProblem = "unparseable" | "negative" | "too_precise";

/**
 * Parses a non-negative decimal string ("12.5", "1,234.000001", ".5") into base units of an
 * asset with `decimals` places. Digits past `decimals` must be zeros (a value finer than the
 * asset's smallest unit is a bad row, not something to round away silently).
 */
export function parseAmount(text: string, decimals: number): bigint | AmountProblem {
  let s = text.trim();
  if (s.startsWith("-")) return /^-\s*[\d.]/.test(s) ? "negative" : "unparseable";
  if (s.startsWith("+")) s = s.slice(1);
  if (GROUPED.test(s)) s = s.replace(/,/g, "");
  const m = DECIMAL.exec(s);
  if (m === null) return "unparseable";
  const whole = m[1] ?? "0";
  let fraction = m[2] ?? m[3] ?? "";
  if (fraction.length > decimals) {
    if (/[^0]/.test(fraction.slice(decimals))) return "too_precise";
    fraction = fraction.slice(0, decimals);
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** Base units as a decimal string in the asset's units, without trailing zeros ("1.5", "0"). */
export function formatAmount(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}
