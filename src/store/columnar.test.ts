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

  it("opens nothing until it is used", async () => {
    const home = join(mkdtempSync(join(tmpdir(), "cordon-columnar-")), "unused");
    await openColumnar(home).close();
    expect(existsSync(home)).toBe(false);
  });
});
