import { readFileSync } from "node:fs";
import { z } from "zod";

const PackageJson = z.object({ name: z.string(), version: z.string() });

/** Cordon's name and version as package.json states them. */
export const PACKAGE = PackageJson.parse(
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")),
);
