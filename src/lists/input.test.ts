import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { Invalid } from "../model/index.js";
import { FileInput, useSystemBzip2 } from "./input.js";
import { fixturePath } from "./testing.js";

const dir = mkdtempSync(join(tmpdir(), "cordon-input-"));
const plain = readFileSync(fixturePath("demo/un_consolidated_sample.xml"));
const hasBzip2 = spawnSync("bzip2", ["--help"], { stdio: "ignore" }).error === undefined;

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function bzip2(bytes: Buffer): Buffer {
  return spawnSync("bzip2", ["-c"], { input: bytes }).stdout;
}

async function readText(path: string): Promise<string> {
  let text = "";
  for await (const chunk of new FileInput(path).text()) text += chunk;
  return text;
}

describe("FileInput", () => {
  afterAll(() => useSystemBzip2(true));

  it("reads gzip files as the text they hold", async () => {
    expect(await readText(write("list.xml.gz", gzipSync(plain)))).toBe(plain.toString("utf8"));
  });

  it.skipIf(!hasBzip2)(
    "reads bzip2 files with the system decoder and with the JavaScript one",
    async () => {
      const path = write("list.xml.bz2", bzip2(plain));
      useSystemBzip2(true);
      expect(await readText(path)).toBe(plain.toString("utf8"));
      useSystemBzip2(false);
      expect(await readText(path)).toBe(plain.toString("utf8"));
    },
  );

  it("refuses a truncated gzip file, naming it", async () => {
    const big = Buffer.concat(Array.from({ length: 50 }, () => plain));
    const path = write("cut.xml.gz", gzipSync(big).subarray(0, 2000));
    const error = await readText(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toMatch(/cut\.xml\.gz: not a complete gzip file/);
  });

  it.skipIf(!hasBzip2)("refuses a truncated bzip2 file with either decoder", async () => {
    const big = Buffer.concat(Array.from({ length: 50 }, () => plain));
    const path = write("cut.xml.bz2", bzip2(big).subarray(0, 2000));
    for (const system of [true, false]) {
      useSystemBzip2(system);
      const error = await readText(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      expect((error as Invalid).message).toMatch(/cut\.xml\.bz2: not a complete bzip2 file/);
    }
  });
});
