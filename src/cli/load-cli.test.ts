import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript beside bin/cordon.js, without type declarations
import { builtIsFresh } from "../../bin/load-cli.js";

const isFresh = builtIsFresh as (dir: string) => boolean;
const CORDON = fileURLToPath(new URL("../../bin/cordon.js", import.meta.url));
const NOAA_HEADER =
  "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass";

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

describe("cordon run from its sources in another folder", () => {
  it("starts the CSV reader's worker threads (tsx is found from the code, not the folder)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cordon-elsewhere-"));
    try {
      // Past two 4 MiB chunks, so that the import reads on worker threads.
      const rows = Array.from(
        { length: 90_000 },
        (_, i) =>
          `${200_000_000 + (i % 50)},2024-03-01T${String(Math.floor(i / 3600) % 24).padStart(2, "0")}:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")},37.5,124.5,1.0,90.0,90,SOME VESSEL NAME,IMO1234567,CALL1,70,0,100,20,5.0,70,A`,
      );
      const csv = join(dir, "ais.csv");
      writeFileSync(csv, `${NOAA_HEADER}\n${rows.join("\n")}\n`);
      const run = spawnSync(process.execPath, [CORDON, "--json", "ais", "import", csv], {
        cwd: dir,
        env: { ...process.env, CORDON_FROM_SOURCES: "1", CORDON_HOME: join(dir, "home") },
        encoding: "utf8",
      });
      expect(run.stderr).not.toContain("Error");
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout).positions).toBeGreaterThan(80_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
