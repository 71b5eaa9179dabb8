import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../../bin/cordon.js", import.meta.url));

function cordon(home: string, args: readonly string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, CORDON_HOME: home, DATABASE_URL: "", CI: "1" },
    encoding: "utf8",
    timeout: 60_000,
    ...(input === undefined ? {} : { input }),
  });
  if (result.error !== undefined)
    throw new Error(`cordon ${args.join(" ")}: ${result.error.message}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("cordon orgs, users, tokens", () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "cordon-users-"));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it("adds an organisation and users, enrols TOTP, issues a token, disables, all audited", () => {
    const org = cordon(home, [
      "--json",
      "orgs",
      "add",
      "--id",
      "kr-delegation",
      "--name",
      "Delegation of the Republic of Korea",
      "--kind",
      "delegation",
      "--country",
      "KR",
    ]);
    expect(org.code).toBe(0);
    expect(lines(org.stdout)[0]).toMatchObject({ id: "kr-delegation", country: "kr" });

    const analyst = cordon(home, [
      "--json",
      "users",
      "add",
      "kr-analyst",
      "--org",
      "kr-delegation",
      "--role",
      "analyst,reviewer",
    ]);
    expect(analyst.code).toBe(0);
    const created = lines(analyst.stdout)[0];
    expect(created).toMatchObject({ username: "kr-analyst", roles: ["analyst", "reviewer"] });
    expect(String(created?.password)).toHaveLength(24);

    const coordinator = cordon(
      home,
      [
        "users",
        "add",
        "kr-coordinator",
        "--org",
        "kr-delegation",
        "--role",
        "coordinator",
        "--password-stdin",
      ],
      "a typed-in passphrase\n",
    );
    expect(coordinator.stdout).toContain("cordon users totp enrol kr-coordinator");
    expect(coordinator.stdout).not.toContain("a typed-in passphrase");
    const totp = cordon(home, ["--json", "users", "totp", "enrol", "kr-coordinator"]);
    expect(lines(totp.stdout)[0]?.uri).toMatch(/^otpauth:\/\/totp\/Cordon:kr-coordinator\?/);

    const token = cordon(home, [
      "--json",
      "tokens",
      "create",
      "kr-analyst",
      "--name",
      "nightly import",
      "--days",
      "30",
    ]);
    expect(lines(token.stdout)[0]?.token).toMatch(/^cordon_t_/);

    const roles = cordon(home, [
      "users",
      "roles",
      "kr-analyst",
      "--role",
      "analyst",
      "--role",
      "reviewer",
    ]);
    expect(roles.stdout).toContain("kr-analyst now has roles analyst, reviewer");
    expect(cordon(home, ["users", "disable", "kr-analyst"]).code).toBe(0);
    const listed = cordon(home, ["users", "list"]);
    expect(listed.stdout).toMatch(/kr-analyst\s+kr-delegation\s+analyst,reviewer\s+no\s+disabled/);
    expect(listed.stdout).toMatch(/kr-coordinator\s+kr-delegation\s+coordinator\s+yes\s+active/);

    const audit = cordon(home, ["--json", "audit", "log", "--limit", "10"]);
    expect(lines(audit.stdout).map((e) => e.action)).toEqual([
      "access.user.disable",
      "access.user.roles",
      "access.token.create",
      "access.totp.enrol",
      "access.user.create",
      "access.user.create",
      "access.org.create",
    ]);
    expect(cordon(home, ["audit", "verify"]).code).toBe(0);
  }, 120_000);

  it("exits 2 naming the field for bad input, and 1 for an unknown user", () => {
    const badRole = cordon(home, [
      "users",
      "add",
      "x1",
      "--org",
      "kr-delegation",
      "--role",
      "root",
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('"root" is not one of');
    const badName = cordon(home, [
      "users",
      "add",
      "<script>",
      "--org",
      "kr-delegation",
      "--role",
      "analyst",
    ]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain("username:");
    const short = cordon(
      home,
      ["users", "passwd", "kr-coordinator", "--password-stdin"],
      "short\n",
    );
    expect(short.code).toBe(2);
    expect(cordon(home, ["users", "disable", "nobody"]).code).toBe(1);
  }, 60_000);
});
