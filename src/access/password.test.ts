import { describe, expect, it } from "vitest";
import { checkPasswordRules, hashPassword, TEST_COST, verifyPassword } from "./password.js";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery staple", TEST_COST);
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash and writes its cost into it", async () => {
    const a = await hashPassword("same password twice", TEST_COST);
    const b = await hashPassword("same password twice", TEST_COST);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^\$scrypt\$N=1024,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  });

  it("uses 128 MiB scrypt by default", async () => {
    const stored = await hashPassword("a strong default cost");
    expect(stored.startsWith("$scrypt$N=131072,r=8,p=1$")).toBe(true);
    expect(await verifyPassword("a strong default cost", stored)).toBe(true);
  });

  it("treats a malformed or absurdly costly stored hash as no match", async () => {
    expect(await verifyPassword("x", "plaintext")).toBe(false);
    expect(await verifyPassword("x", "$scrypt$N=4194304,r=8,p=1$AAAA$AAAA")).toBe(false);
  });

  it("refuses passwords shorter than 12 or longer than 1,024 characters", () => {
    expect(() => checkPasswordRules("short")).toThrow(/12 to 1024/);
    expect(() => checkPasswordRules("x".repeat(1025))).toThrow(/12 to 1024/);
    expect(() => checkPasswordRules("twelve chars")).not.toThrow();
  });
});

describe("password hashing under a burst", () => {
  it("answers every one of many parallel verifications correctly", async () => {
    const stored = await hashPassword("parallel passphrase", TEST_COST);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        verifyPassword(i % 2 === 0 ? "parallel passphrase" : "wrong", stored),
      ),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i % 2 === 0));
  });
});
