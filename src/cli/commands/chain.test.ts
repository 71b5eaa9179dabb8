import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../../bin/cordon.js", import.meta.url));
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../chain/fixtures/${name}`, import.meta.url));
const S = `0x${"ab".repeat(20)}`;
const Z = `0x${"cd".repeat(20)}`;

function cordon(home: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, CORDON_HOME: home, DATABASE_URL: "", CI: "1" },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("cordon chain", () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "cordon-chain-"));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it("imports, refuses a bad file with every reason, traces as JSON lines and exports", () => {
    const bad = cordon(home, ["chain", "import", fixture("transfers-bad.csv")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("7 bad rows, nothing stored");
    expect(bad.stderr).toContain("transfers-bad.csv:5 to: EIP-55 checksum does not match");
    expect(cordon(home, ["chain", "import", fixture("transfers.csv")]).code).toBe(0);
    expect(cordon(home, ["chain", "labels", "import", fixture("labels.csv")]).code).toBe(0);

    const traced = cordon(home, [
      "--json",
      "chain",
      "trace",
      "--seeds",
      S,
      "--method",
      "haircut",
      "--max-hops",
      "5",
    ]);
    expect(traced.code).toBe(0);
    const lines = traced.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const summary = lines.at(-1);
    expect(summary).toMatchObject({ summary: true, method: "haircut", reached: lines.length - 1 });
    expect(lines.find((l) => l.address === Z)).toEqual({
      address: Z,
      asset: "ETH",
      tainted: "5",
      received: "20",
      hops: 2,
      labels: ["exchange: Exchange Z deposit"],
      first_seen: "2025-02-21T14:04:00.000Z",
      service: true,
    });

    const out = join(home, "trace.graphml");
    expect(
      cordon(home, ["chain", "export", "--trace", summary.id, "--format", "graphml", "--out", out])
        .code,
    ).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("<graphml");
    expect(cordon(home, ["chain", "trace", "--seeds", S, "--method", "median"]).code).toBe(2);
  });
});
