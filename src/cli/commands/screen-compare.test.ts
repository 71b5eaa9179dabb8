import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../../bin/cordon.js", import.meta.url));
const home = mkdtempSync(join(tmpdir(), "cordon-compare-"));

function compare(lines: readonly string[]) {
  const result = spawnSync(process.execPath, [BIN, "screen", "compare", "--json"], {
    env: { ...process.env, CORDON_HOME: home, DATABASE_URL: "", CI: "1" },
    input: `${lines.join("\n")}\n`,
    encoding: "utf8",
  });
  const out = result.stdout
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: result.status, out, stderr: result.stderr };
}

describe("cordon screen compare --json", () => {
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("scores each pair line for line and reports bad lines by number", () => {
    const { code, out, stderr } = compare([
      JSON.stringify({
        schema: "Person",
        query: { name: ["Kim Jong-un"], birthDate: ["1984-01-08"] },
        candidate: { name: ["김정은"], birthDate: ["1984"] },
      }),
      "not json",
      JSON.stringify({ schema: "Person", query: { name: ["x"] }, candidate: {} }),
      JSON.stringify({
        schema: "Vessel",
        query: { name: ["Unknown"], imoNumber: ["IMO 9123456"] },
        candidate: { name: ["Chon Ma San"], imoNumber: ["9123456"] },
      }),
      JSON.stringify({
        schema: "Person",
        query: { name: ["Boris Vekselberg"] },
        candidate: { name: ["Viktor Vekselberg"] },
      }),
    ]);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ score: 1, match: true, features: { name_similarity: 1 } });
    expect(out[1]).toHaveProperty("error");
    expect(out[2]).toHaveProperty("error");
    expect(out[3]).toMatchObject({ score: 1, match: true, features: { identifier_match: 1 } });
    expect(out[4]).toMatchObject({ match: false });
    expect(stderr).toContain("line 2: not JSON");
    expect(stderr).toContain("line 3: candidate.properties");
    expect(code).toBe(2);
  });
});
