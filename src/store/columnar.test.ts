import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openColumnar } from "./columnar.js";

describe("openColumnar", () => {
  it("keeps what was written in its file across openings", async () => {
    const home = mkdtempSync(join(tmpdir(), "cordon-columnar-"));
    try {
      const first = openColumnar(home);
      await (await first.connect()).run("CREATE TABLE t AS SELECT 42 AS x");
      await first.close();
      const second = openColumnar(home);
      const rows = (await (await second.connect()).runAndReadAll("SELECT x FROM t")).getRows();
      await second.close();
      expect(rows).toEqual([[42]]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("keeps its files in <home>/columnar, and a store in memory's in a folder gone at close", async () => {
    const home = mkdtempSync(join(tmpdir(), "cordon-columnar-"));
    try {
      const kept = openColumnar(home);
      expect(kept.directory()).toBe(join(home, "columnar"));
      await kept.close();
      expect(existsSync(join(home, "columnar"))).toBe(true);
      const memory = openColumnar(undefined);
      const folder = memory.directory();
      expect(existsSync(folder)).toBe(true);
      await memory.close();
      expect(existsSync(folder)).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("opens nothing until it is used", async () => {
    const home = join(mkdtempSync(join(tmpdir(), "cordon-columnar-")), "unused");
    await openColumnar(home).close();
    expect(existsSync(home)).toBe(false);
  });
});
