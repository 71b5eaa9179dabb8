import { describe, expect, it } from "vitest";
import { checkTotpCode, generateTotpCode, generateTotpSecret } from "./totp.js";

// RFC 6238 appendix B: the SHA-1 key is the ASCII "12345678901234567890".
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP (RFC 6238)", () => {
  it("computes the RFC's test vectors (last six digits)", () => {
    expect(generateTotpCode(RFC_SECRET, new Date(59_000))).toBe("287082");
    expect(generateTotpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe("081804");
    expect(generateTotpCode(RFC_SECRET, new Date(2_000_000_000_000))).toBe("279037");
  });

  it("accepts the current code and one step either side, not two", () => {
    const now = new Date(1_700_000_000_000);
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const step = Math.floor(now.getTime() / 30_000);
    expect(checkTotpCode(RFC_SECRET, generateTotpCode(RFC_SECRET, now), null, now)).toEqual({
      ok: true,
      step,
    });
    expect(checkTotpCode(RFC_SECRET, generateTotpCode(RFC_SECRET, at(-30)), null, now)).toEqual({
      ok: true,
      step: step - 1,
    });
    expect(checkTotpCode(RFC_SECRET, generateTotpCode(RFC_SECRET, at(30)), null, now)).toEqual({
      ok: true,
      step: step + 1,
    });
    expect(checkTotpCode(RFC_SECRET, generateTotpCode(RFC_SECRET, at(-90)), null, now)).toEqual({
      ok: false,
      reason: "totp_invalid",
    });
  });

  it("refuses a code of a step already used, or of an earlier one, as a replay", () => {
    const now = new Date(1_700_000_000_000);
    const step = Math.floor(now.getTime() / 30_000);
    const code = generateTotpCode(RFC_SECRET, now);
    expect(checkTotpCode(RFC_SECRET, code, step, now)).toEqual({
      ok: false,
      reason: "totp_replayed",
    });
    const earlier = generateTotpCode(RFC_SECRET, new Date(now.getTime() - 30_000));
    expect(checkTotpCode(RFC_SECRET, earlier, step, now)).toEqual({
      ok: false,
      reason: "totp_replayed",
    });
    const later = generateTotpCode(RFC_SECRET, new Date(now.getTime() + 30_000));
    expect(checkTotpCode(RFC_SECRET, later, step, now)).toEqual({ ok: true, step: step + 1 });
  });

  it("makes 160-bit secrets and provisioning URIs an authenticator app reads", () => {
    const { secret, uri } = generateTotpSecret("kr-coordinator");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(uri);
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(url.pathname).toBe("/Cordon:kr-coordinator");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      issuer: "Cordon",
      secret,
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
  });
});
