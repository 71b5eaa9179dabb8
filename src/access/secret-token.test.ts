import { describe, expect, it } from "vitest";
import { generateSecretToken, hashSecretToken, parseTokenKind } from "./secret-token.js";

describe("bearer secrets", () => {
  it("are random, prefixed by kind, and stored as their SHA-256", () => {
    const a = generateSecretToken("session");
    const b = generateSecretToken("session");
    expect(a.token).not.toBe(b.token);
    expect(a.token).toMatch(/^cordon_s_[A-Za-z0-9_-]{43}$/);
    expect(generateSecretToken("api").token).toMatch(/^cordon_t_/);
    expect(a.hash).toBe(hashSecretToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token.slice(9));
  });

  it("tells the kind of a well-formed secret and nothing of anything else", () => {
    expect(parseTokenKind(generateSecretToken("api").token)).toBe("api");
    expect(parseTokenKind(generateSecretToken("session").token)).toBe("session");
    expect(parseTokenKind("cordon_s_short")).toBeUndefined();
    expect(parseTokenKind("' OR 1=1 --")).toBeUndefined();
    expect(parseTokenKind(`cordon_x_${"a".repeat(43)}`)).toBeUndefined();
  });
});
