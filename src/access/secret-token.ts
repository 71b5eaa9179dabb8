import { createHash, randomBytes } from "node:crypto";

/** What a bearer secret opens: a login session or a named API token. */
export type TokenKind = "session" | "api";

const PREFIX: Readonly<Record<TokenKind, string>> = {
  session: "cordon_s_",
  api: "cordon_t_",
};

// 32 random bytes: 256 bits, beyond guessing, so one fast SHA-256 is enough to store them
// (a memory-hard hash protects low-entropy passwords, not random keys).
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^cordon_([st])_([A-Za-z0-9_-]{43})$/;

/** A fresh bearer secret of `kind` and the hash under which it is stored. */
export function generateSecretToken(kind: TokenKind): { token: string; hash: string } {
  const token = PREFIX[kind] + randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, hash: hashSecretToken(token) };
}

/** The stored form of a bearer secret: hex SHA-256 of the whole string. */
export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Which kind a presented secret claims to be, or undefined when it is not one of ours. */
export function parseTokenKind(token: string): TokenKind | undefined {
  const match = TOKEN_PATTERN.exec(token);
  if (match === null) return undefined;
  return match[1] === "s" ? "session" : "api";
}
