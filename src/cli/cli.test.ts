import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/cordon.js", import.meta.url));
const fixture = (name: string) =>
  fileURLToPath(new URL(`../lists/fixtures/${name}`, import.meta.url));

/** Runs the real `cordon` binary on its own embedded database. */
function cordon(home: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, CORDON_HOME: home, DATABASE_URL: "", CI: "1" },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("the cordon command", () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "cordon-cli-"));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it("imports, lists versions, diffs, shows, exports and verifies, with JSON lines", () => {
    const first = cordon(
      home,
      "--json",
      "lists",
      "import",
      "--file",
      fixture("diff-v1.ftm.jsonl"),
      "--dataset",
      "list",
    );
    expect(first.code).toBe(0);
    expect(jsonLines(first.stdout)[0]).toMatchObject({
      dataset: "list",
      version: 1,
      format: "ftm-jsonl",
    });
    expect(
      cordon(
        home,
        "lists",
        "import",
        "ftm",
        "--file",
        fixture("diff-v2.ftm.jsonl"),
        "--dataset",
        "list",
      ).code,
    ).toBe(0);

    const versions = jsonLines(cordon(home, "--json", "lists", "versions", "list").stdout);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);

    const diff = jsonLines(
      cordon(home, "--json", "lists", "diff", "list", "--program", "DPRK").stdout,
    );
    expect(diff.filter((d) => d.change === "removed").map((d) => d.id)).toEqual(["v-1"]);

    const shown = cordon(home, "entities", "show", "o-1");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("Korea Ryonbong General Corporation");
    expect(shown.stdout).toContain("listingDate: 2010-08-31");

    const out = join(home, "export.jsonl");
    expect(cordon(home, "export", "ftm", "--dataset", "list", "--out", out).code).toBe(0);
    const exported = jsonLines(readFileSync(out, "utf8"));
    expect(exported.map((e) => e.id)).toEqual(["o-1", "o-1-sanction", "p-1", "w-1", "x-1", "x-2"]);

    const verify = cordon(home, "audit", "verify");
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain("audit log intact: 2 entries");
  });

  it("reads back its own FtM export as an identical dataset", () => {
    const out = join(home, "roundtrip.jsonl");
    cordon(home, "export", "ftm", "--dataset", "list", "--out", out);
    expect(cordon(home, "lists", "import", "ftm", "--file", out, "--dataset", "copy").code).toBe(0);
    const again = join(home, "roundtrip-2.jsonl");
    cordon(home, "export", "ftm", "--dataset", "copy", "--out", again);
    const strip = (text: string) =>
      jsonLines(text).map(({ id, schema, properties }) => ({ id, schema, properties }));
    expect(strip(readFileSync(again, "utf8"))).toEqual(strip(readFileSync(out, "utf8")));
  });

  it("exits 2 on bad usage and bad input, 1 when something is not found, naming the problem", () => {
    const unknown = cordon(home, "lists", "import", "nato");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown source "nato"');
    const bad = cordon(
      home,
      "lists",
      "import",
      "--file",
      fixture("invalid-values.ftm.jsonl"),
      "--dataset",
      "list",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid-values\.ftm\.jsonl:2 birthDate: no such day in that month/);
    const missing = cordon(home, "entities", "show", "no-such-id");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no entity with id no-such-id");
    expect(cordon(home, "lists", "frobnicate").code).toBe(2);
  });
});
