import { cryptoAddressKey } from "../../model/index.js";

/** Properties whose values are addresses on an EVM chain or similar, compared case-blind. */
const CRYPTO_PROPS = new Set(["publicKey", "cryptoWallet", "address_crypto"]);

/**
 * The comparable form of an identifier: IMO and MMSI reduced to their digits ("IMO 9123456" →
 * "9123456"), passport and other numbers upper-cased without spaces, dashes, dots or slashes,
 * EVM addresses (0x + 40 hex) lower-cased; other crypto addresses are case-sensitive (Base58,
 * Bech32 lower-case by definition) and kept exact apart from surrounding space.
 */
export function identifierKey(prop: string, value: string): string {
  const trimmed = value.normalize("NFKC").trim();
  if (CRYPTO_PROPS.has(prop) || /^0x[0-9a-f]{40}$/i.test(trimmed)) return cryptoAddressKey(trimmed);
  if (prop === "imoNumber" || prop === "mmsi") {
    const digits = trimmed.replace(/\D/g, "");
    return digits.length > 0 ? digits : trimmed.toUpperCase();
  }
  return trimmed.toUpperCase().replace(/[\s\-./]+/g, "");
}
