import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../model/index.js";
import { openContext } from "./context.js";

describe("a context opened on first use (the CLI's)", () => {
  let home: string;
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("starts neither database until one is used, then only that one", async () => {
    home = mkdtempSync(join(tmpdir(), "cordon-first-use-"));
    const config = loadConfig({ CORDON_HOME: home });
    const { ctx, close } = await openContext(config, "test", { onFirstUse: true });
    expect(existsSync(join(home, "pgdata"))).toBe(false);
    expect(existsSync(join(home, "columnar.duckdb"))).toBe(false);

    await (await ctx.columnar.connect()).run("SELECT 1");
    expect(existsSync(join(home, "columnar.duckdb"))).toBe(true);
    expect(existsSync(join(home, "pgdata"))).toBe(false);

    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM store_migration`.execute(ctx.db);
    expect(rows[0]?.n).toBeGreaterThan(0);
    expect(existsSync(join(home, "pgdata"))).toBe(true);
    await close();
  });
});
