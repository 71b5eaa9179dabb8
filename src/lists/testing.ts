import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ListFormat, ParsedRecord } from "./format.js";
import { FileInput } from "./input.js";

/** A file under ../shared/data (the real lists beside the checkout), or undefined if absent. */
export function sharedData(path: string): string | undefined {
  const full = fileURLToPath(new URL(`../../../shared/data/${path}`, import.meta.url));
  return existsSync(full) ? full : undefined;
}

/** A fixture file of this module. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Reads every record of `path` with `format`, with the publication date it states. */
export async function readAll(
  format: ListFormat,
  path: string,
): Promise<{ records: ParsedRecord[]; published: string | undefined }> {
  const input = new FileInput(path);
  const records: ParsedRecord[] = [];
  for await (const record of format.read(input)) records.push(record);
  return { records, published: input.published };
}
