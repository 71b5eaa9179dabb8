// How `cordon` runs: the compiled JavaScript in dist/ (`npm run build`; `npm ci` builds it)
// while it is newer than every file under src/, else the TypeScript sources through tsx. An
// edited source is never run stale, and the compiled CLI starts about 0.6 s sooner (tsx
// resolves every module through its loader thread).
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Whether `dir`/dist was built after the last change to any file under `dir`/src. */
export function builtIsFresh(dir = root) {
  let built;
  try {
    built = statSync(join(dir, "dist", ".built")).mtimeMs;
  } catch {
    return false;
  }
  return !hasFileNewerThan(join(dir, "src"), built);
}

/**
 * Whether a file under `folder` was modified after `time`, stopping at the first. Every
 * command pays this walk, so it avoids what readdirSync's recursive mode adds (a path.join
 * an entry, the whole listing before the first stat).
 */
function hasFileNewerThan(folder, time) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (
      entry.isDirectory()
        ? hasFileNewerThan(path, time)
        : entry.isFile() && statSync(path).mtimeMs > time
    )
      return true;
  }
  return false;
}

/** The CLI module (`runCli`), compiled when fresh, else from the sources. */
export async function loadCli() {
  if (process.env.CORDON_FROM_SOURCES !== "1" && builtIsFresh())
    return import("../dist/cli/cli.js");
  const { register } = await import("tsx/esm/api");
  register();
  return import("../src/cli/cli.ts");
}
