import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bech32, bech32m, createBase58check } from "@scure/base";
import type { Chain } from "./assets.js";

/** An address as it compares, and the chains its format belongs to. */
export interface NormalAddress {
  readonly key: string;
  readonly chains: readonly Chain[];
}

const EVM = /^0x[0-9a-fA-F]{40}$/;
const base58check = createBase58check(sha256);

/** Base58Check version bytes and the chains they name (0x05 is P2SH on Bitcoin and old Litecoin). */
const BASE58_VERSIONS: Readonly<Record<number, readonly Chain[]>> = {
  0: ["bitcoin"],
  5: ["bitcoin", "litecoin"],
  111: ["bitcoin"],
  196: ["bitcoin"],
  48: ["litecoin"],
  50: ["litecoin"],
  65: ["tron"],
};
const BECH32_PREFIXES: Readonly<Record<string, Chain>> = {
  bc: "bitcoin",
  tb: "bitcoin",
  bcrt: "bitcoin",
  ltc: "litecoin",
  tltc: "litecoin",
};

/**
 * Normalises an address and verifies its checksum: EVM addresses compare lower-cased, and a
 * mixed-case one must carry a valid EIP-55 checksum (a typo in a checksummed address is then
 * caught, not silently lower-cased into someone else's wallet); Base58Check (Bitcoin P2PKH and
 * P2SH, Litecoin, TRON) is kept exact after its double-SHA-256 checksum is verified; Bech32 and
 * Bech32m (SegWit, Taproot) are verified and lower-cased, as the format is defined
 * case-insensitive. Returns the reason as a string when the address is malformed.
 */
export function normalizeAddress(raw: string): NormalAddress | string {
  const text = raw.trim();
  if (text === "") return "empty address";
  if (text.startsWith("0x") || text.startsWith("0X")) return normalizeEvm(text);
  if (/^[a-zA-Z]{2,4}1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,}$/.test(text)) return normalizeBech32(text);
  return normalizeBase58(text);
}

function normalizeEvm(text: string): NormalAddress | string {
  if (!EVM.test(text)) return "not 0x and 40 hexadecimal digits";
  const body = text.slice(2);
  const mixed = /[a-f]/.test(body) && /[A-F]/.test(body);
  if (mixed && toChecksumAddress(body) !== `0x${body}`) return "EIP-55 checksum does not match";
  return { key: `0x${body.toLowerCase()}`, chains: ["evm"] };
}

/** The EIP-55 mixed-case form of a 40-hex-digit address (with or without 0x). */
export function toChecksumAddress(address: string): string {
  const lower = address.replace(/^0x/i, "").toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = ((hash[i >> 1] ?? 0) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const c = lower[i] ?? "";
    out += nibble >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

function normalizeBech32(text: string): NormalAddress | string {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return "Bech32 in mixed case";
  const lower = text.toLowerCase();
  const prefix = lower.slice(0, lower.lastIndexOf("1"));
  const chain = BECH32_PREFIXES[prefix];
  if (chain === undefined) return `unknown Bech32 prefix ${prefix}`;
  const decoded = bech32.decodeUnsafe(lower, 90) ?? undefined;
  const decodedM =
    decoded === undefined ? (bech32m.decodeUnsafe(lower, 90) ?? undefined) : undefined;
  const words = decoded?.words ?? decodedM?.words;
  if (words === undefined || words.length === 0) return "Bech32 checksum does not match";
  const version = words[0] ?? -1;
  // SegWit v0 uses Bech32, v1 and later Bech32m (BIP 350): the wrong one is a bad address.
  if ((version === 0) !== (decoded !== undefined))
    return "Bech32 variant does not fit the witness version";
  const program = bech32.fromWordsUnsafe(words.slice(1));
  if (program === undefined || version > 16) return "malformed witness program";
  const size = program.length;
  if (version === 0 ? size !== 20 && size !== 32 : size < 2 || size > 40)
    return "witness program of the wrong length";
  return { key: lower, chains: [chain] };
}

function normalizeBase58(text: string): NormalAddress | string {
  if (!/^[1-9A-HJ-NP-Za-km-z]{25,40}$/.test(text)) return "not a known address format";
  let payload: Uint8Array;
  try {
    payload = base58check.decode(text);
  } catch {
    return "Base58Check checksum does not match";
  }
  const chains = BASE58_VERSIONS[payload[0] ?? -1];
  if (payload.length !== 21 || chains === undefined) return "unknown Base58 address version";
  return { key: text, chains };
}
