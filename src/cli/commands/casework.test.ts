import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_COST } from "../../access/index.js";
import { seedCaseworkDemo } from "../../casework/index.js";
import { loadConfig } from "../../model/index.js";
import { openContext, openStore } from "../../store/index.js";

const BIN = fileURLToPath(new URL("../../../bin/cordon.js", import.meta.url));

function cordon(home: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, CORDON_HOME: home, DATABASE_URL: "", CI: "1" },
    encoding: "utf8",
    timeout: 60_000,
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

/** The real `cordon` binary on a PGlite home holding the demo casework. */
describe("cordon evidence, incidents, rfis, recommendations, audit verify", () => {
  let home: string;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "cordon-casework-"));
    const { ctx, close } = await openContext(loadConfig({ CORDON_HOME: home }), "test");
    try {
      await seedCaseworkDemo(ctx, { cost: TEST_COST });
    } finally {
      await close();
    }
  }, 120_000);
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it("lists what each user may see, adds and exports evidence with its custody", () => {
    const osint = lines(
      cordon(home, ["--json", "evidence", "list", "--as", "osint-contributor"]).stdout,
    );
    expect(new Set(osint.map((e) => (e.marking as { tlp: string }).tlp))).toEqual(
      new Set(["CLEAR", "GREEN"]),
    );
    const file = join(home, "note.txt");
    writeFileSync(file, "Port State control report, 4 March 2025.");
    const added = cordon(home, [
      "--json",
      "evidence",
      "add",
      file,
      "--as",
      "kr-analyst",
      "--kind",
      "document",
      "--title",
      "PSC report",
      "--collected",
      "2025-03-04",
      "--grade",
      "B2",
      "--tlp",
      "AMBER",
      "--releasable-to",
      "jp-delegation",
    ]);
    expect(added.code, added.stderr).toBe(0);
    const [item] = lines(added.stdout);
    expect(cordon(home, ["--json", "evidence", "list", "--as", "us-analyst"]).stdout).not.toContain(
      "PSC report",
    );
    const out = join(home, "copy.txt");
    const exported = cordon(home, [
      "evidence",
      "export",
      String(item?.id),
      "--as",
      "jp-analyst",
      "--out",
      out,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("Port State control report, 4 March 2025.");
    const hidden = cordon(home, [
      "evidence",
      "export",
      String(item?.id),
      "--as",
      "us-analyst",
      "--out",
      out,
    ]);
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toMatch(/no evidence with id/);
    const bad = cordon(home, [
      "evidence",
      "add",
      file,
      "--as",
      "kr-analyst",
      "--kind",
      "document",
      "--title",
      "x",
      "--collected",
      "2025-03-04",
      "--grade",
      "Z9",
      "--tlp",
      "GREEN",
    ]);
    expect(bad.code).toBe(2);
  });

  it("exports the recommendation as the listing form for the coordinator only", () => {
    const incidents = lines(
      cordon(home, [
        "--json",
        "incidents",
        "list",
        "--as",
        "coordinator",
        "--status",
        "substantiated",
      ]).stdout,
    );
    expect(incidents).toHaveLength(1);
    const recs = cordon(home, ["--json", "rfis", "list", "--as", "jp-analyst"]);
    expect(
      lines(recs.stdout)
        .map((r) => r.status)
        .sort(),
    ).toEqual(["answered", "overdue"]);
    const [rec] = lines(
      cordon(home, ["--json", "recommendations", "list", "--as", "coordinator"]).stdout,
    );
    const form = cordon(home, [
      "recommendations",
      "export",
      String(rec?.id),
      "--as",
      "coordinator",
    ]);
    expect(form.code, form.stderr).toBe(0);
    expect(JSON.parse(form.stdout)).toMatchObject({
      type: "vessel",
      part_i_identifying_information: { name: ["CORDON DEMO TANKER A"], flag: ["kp"] },
      part_ii_statement_of_case: { supporting_findings: [{ status: "substantiated" }] },
    });
    const analyst = cordon(home, [
      "recommendations",
      "export",
      String(rec?.id),
      "--as",
      "jp-analyst",
    ]);
    expect(analyst.code).toBe(1);
    expect(analyst.stderr).toMatch(/may not export/);
  });

  it("passes `cordon audit verify`, and fails it once a row is altered in the database", async () => {
    const ok = cordon(home, ["audit", "verify"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ entries/);
    const store = await openStore({ home, databaseUrl: undefined });
    try {
      await store.runScript(
        "ALTER TABLE store_audit_log DISABLE TRIGGER store_audit_log_no_update; UPDATE store_audit_log SET detail = '{}' WHERE action = 'casework.review.add'; ALTER TABLE store_audit_log ENABLE TRIGGER store_audit_log_no_update",
      );
    } finally {
      await store.close();
    }
    const broken = cordon(home, ["audit", "verify"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/audit log broken at entry \d+: content does not match its hash/);
  });
});
