import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../../bin/cordon.js", import.meta.url));
const FIXTURE = fileURLToPath(
  new URL("../../screening/fixtures/designations.ftm.jsonl", import.meta.url),
);

function cordon(home: string, args: readonly string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, CORDON_HOME: home, DATABASE_URL: "", CI: "1" },
    encoding: "utf8",
    ...(input === undefined ? {} : { input }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("cordon screen", () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "cordon-screen-"));
    const imported = cordon(home, ["lists", "import", "--file", FIXTURE, "--dataset", "test_list"]);
    expect(imported.code).toBe(0);
  }, 60_000);
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it("reads JSON lines on stdin and writes one result line per line, bad lines named", () => {
    const input = [
      { id: "c1", schema: "Person", properties: { name: ["Kim Jong-un"] } },
      "not json",
      { id: "c3", schema: "Person", properties: { birthDate: ["1984"] } },
      { id: "c4", schema: "Vessel", properties: { imoNumber: ["IMO 8660313"] } },
    ]
      .map((l) => (typeof l === "string" ? l : JSON.stringify(l)))
      .join("\n");
    const run = cordon(home, ["screen", "--json"], `${input}\n`);
    expect(run.code).toBe(2);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].id).toBe("c1");
    expect(lines[0].results[0]).toMatchObject({ id: "t-kim-jong-un", match: true });
    expect(lines[1].error.error).toBe("bad_json");
    expect(lines[2]).toMatchObject({ id: "c3", error: { error: "invalid_query" } });
    expect(lines[3].results[0]).toMatchObject({ id: "t-chon-ma-san", match: true });
    expect(run.stderr).toContain("stdin:2: not JSON");
    expect(run.stderr).toContain("stdin:3 properties: a query needs a name");
    expect(run.stderr).toContain("2 of 4 lines were not screened");
  }, 60_000);

  it("screens a customer CSV by its header, reports a bad row and goes on", () => {
    const dir = mkdtempSync(join(tmpdir(), "cordon-screen-csv-"));
    const file = join(dir, "customers.csv");
    const out = join(dir, "results.csv");
    writeFileSync(
      file,
      [
        "customer_id,Full Name,DOB,nationality,notes",
        "c1,Kim Jong-un,1984-01-08,North Korea,vip",
        "c2,Jane Doe,1990-13-45,gb,",
        'c3,"RI, Pyong Chol",1948,kp,',
        "c4,Erika Mustermann,1970-01-01,de,",
      ].join("\n"),
    );
    try {
      const run = cordon(home, ["screen", "--csv", file, "--out", out, "--threshold", "0.7"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${file}:3: birthDate: no such month`);
      expect(run.stderr).toContain("1 of 4 rows were not screened");
      expect(run.stderr).toContain("ignoring columns: notes");
      expect(run.stderr).toMatch(/screening .*100%/);
      const rows = readFileSync(out, "utf8").trim().split("\n");
      expect(rows[0]).toMatch(/^line,id,query_name,status,match,score/);
      expect(rows).toHaveLength(5);
      expect(rows[1]).toMatch(/^2,c1,Kim Jong-un,ok,true,.*t-kim-jong-un/);
      expect(rows[2]).toMatch(/^3,c2,Jane Doe,error,/);
      expect(rows[3]).toMatch(/^4,c3,"RI, Pyong Chol",ok,true,.*t-ri-pyong-chol/);
      expect(rows[4]).toMatch(/^5,c4,Erika Mustermann,ok,false/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("refuses a CSV without a name or identifier column, naming it (exit 2)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cordon-screen-csv-"));
    const file = join(dir, "bad.csv");
    writeFileSync(file, "customer_id,dob\nc1,1984\n");
    try {
      const run = cordon(home, ["screen", "--csv", file, "--out", join(dir, "out.csv")]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("no column to screen by");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
