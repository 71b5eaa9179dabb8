import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript beside bin/cordon.js, without type declarations
import { builtIsFresh } from "../../bin/load-cli.js";

const isFresh = builtIsFresh as (dir: string) => boolean;

describe("choosing the compiled CLI or the sources", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function tree(sourceTime: Date, builtTime: Date | undefined): void {
    dir = mkdtempSync(join(tmpdir(), "cordon-build-"));
    mkdirSync(join(dir, "src", "maritime"), { recursive: true });
    const source = join(dir, "src", "maritime", "geo.ts");
    writeFileSync(source, "export {};\n");
    utimesSync(source, sourceTime, sourceTime);
    if (builtTime === undefined) return;
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", ".built"), "");
    utimesSync(join(dir, "dist", ".built"), builtTime, builtTime);
  }

  it("runs dist/ only while it is newer than every source file", () => {
    tree(new Date("2026-11-30T10:00:00Z"), new Date("2026-11-30T11:00:00Z"));
    expect(isFresh(dir)).toBe(true);
  });

  it("runs the sources once any source file is edited after the build", () => {
    tree(new Date("2026-11-30T12:00:00Z"), new Date("2026-11-30T11:00:00Z"));
    expect(isFresh(dir)).toBe(false);
  });

  it("runs the sources when nothing was built", () => {
    tree(new Date("2026-11-30T10:00:00Z"), undefined);
    expect(isFresh(dir)).toBe(false);
  });
});
