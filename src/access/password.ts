import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { Invalid } from "../model/index.js";

/** scrypt cost: N (CPU/memory, a power of two), r (block size), p (parallelism). */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * OWASP's first scrypt setting (2025 Password Storage Cheat Sheet): 128 MiB and about 0.3 s a
 * hash on one core here, so an offline guess costs as much as a login. Node's built-in scrypt
 * needs no native add-on (Node 20 has no argon2; the argon2 package builds or fetches a binary).
 */
export const STRONG_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/** A cheap cost for tests only: the parameters travel with the hash, so logins stay fast. */
export const TEST_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
export const MIN_PASSWORD_LENGTH = 12;
/** Longer input only costs the server time; no one types a 1,024-character password. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Throws Invalid (field `password`) unless the password has 12 to 1,024 characters. */
export function checkPasswordRules(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw new Invalid(
      "weak_password",
      `a password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
      [
        {
          field: "password",
          message: `must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
        },
      ],
    );
}

/** Hashes a password with scrypt and a random salt: "$scrypt$N=..,r=..,p=..$salt$hash" (base64). */
export async function hashPassword(
  password: string,
  cost: ScryptCost = STRONG_COST,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, cost);
  return `$scrypt$N=${cost.N},r=${cost.r},p=${cost.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined || password.length > MAX_PASSWORD_LENGTH) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/**
 * Spends one strong hash's time on nothing, so that an unknown username takes as long to
 * refuse as a wrong password and the timing does not tell which usernames exist.
 */
export async function burnPasswordTime(password: string): Promise<void> {
  await derive(password, randomBytes(SALT_LENGTH), STRONG_COST);
}

function parseHash(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const match = /^\$scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(
    stored,
  );
  if (match === null) return undefined;
  const [, n, r, p, salt, key] = match;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (cost.N > 2 ** 20 || cost.r > 32 || cost.p > 16) return undefined;
  return { cost, salt: Buffer.from(salt ?? "", "base64"), key: Buffer.from(key ?? "", "base64") };
}

/**
 * At most two hashes run at once (this machine's cores). Each strong hash holds 128 MiB, and
 * scrypt runs on libuv's four-thread pool: a burst of logins must neither take gigabytes nor
 * starve file and DNS work queued on the same pool. The rest wait their turn, in order.
 */
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return withHashSlot(() => deriveNow(password, salt, cost));
}

function deriveNow(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below the strong cost.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}
