#!/usr/bin/env node
// `npm run build` (and `npm ci`, through `prepare`): compiles src/ to dist/ and copies the
// files the code reads beside itself (SQL migrations, demo fixtures). bin/load-cli.js runs the
// compiled CLI only while dist/.built is newer than every source file.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const dist = join(root, "dist");
// The stamp takes the time the build began: a source edited while it ran is newer, so stale.
const started = new Date();
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")],
  {
    stdio: "inherit",
  },
);
if (tsc.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  console.error(
    "build: tsc failed; nothing written to dist/ (the CLI runs the sources through tsx)",
  );
  process.exit(tsc.status ?? 1);
}
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith(".ts")) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(dist, from.slice(src.length));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
}
const stamp = join(dist, ".built");
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
console.error(
  `build: dist/ compiled from src/ in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`,
);
