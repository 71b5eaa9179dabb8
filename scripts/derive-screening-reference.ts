/**
 * Derives src/screening/reference/names.ts from rigour's name reference YAML (MIT) in
 * ../shared/data/sanctions/reference, so Cordon does not read ../shared at run time.
 * Usage: npx tsx scripts/derive-screening-reference.ts [reference-dir]
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readNameReference, renderNameReference } from "../src/screening/reference.js";

const dir =
  process.argv[2] ??
  fileURLToPath(new URL("../../shared/data/sanctions/reference", import.meta.url));
const out = fileURLToPath(new URL("../src/screening/reference/names.ts", import.meta.url));
writeFileSync(out, renderNameReference(readNameReference(dir)));
execFileSync("npx", ["biome", "check", "--write", out], { stdio: "inherit" });
process.stdout.write(`wrote ${out}\n`);
