import { createRequire } from "node:module";
import type * as FollowTheMoney from "@opensanctions/followthemoney";
import type { Model, Property, Schema } from "@opensanctions/followthemoney";
import { Invalid } from "./errors.js";

// Required, not imported: the package is a 300 kB CommonJS bundle, and an ESM import of it
// scans the whole source for its export names first (30 ms of every command's start-up).
const { defaultModel, Model: FtmModel } = createRequire(import.meta.url)(
  "@opensanctions/followthemoney",
) as typeof FollowTheMoney;

/** The FollowTheMoney model as OpenSanctions publishes it: schemata and types are data. */
export const ftm: Model = new FtmModel(defaultModel);

/** The FtM schema called `name`; throws Invalid for an unknown name. */
export function getSchema(name: string): Schema {
  const schema = ftm.schemata[name];
  if (schema === undefined) {
    throw new Invalid("unknown_schema", `unknown FtM schema "${name}"`, [
      { message: "unknown FtM schema", value: name, field: "schema" },
    ]);
  }
  return schema;
}

// The FtM library rebuilds a schema's property map on every lookup; imports look up
// properties millions of times, so each schema's map is built once here.
const propertyMaps = new Map<string, ReadonlyMap<string, Property>>();

/** Every property of `schema`, inherited ones included, by name. */
export function propertiesOf(schema: Schema): ReadonlyMap<string, Property> {
  let map = propertyMaps.get(schema.name);
  if (map === undefined) {
    map = schema.getProperties();
    propertyMaps.set(schema.name, map);
  }
  return map;
}

/** The property `prop` of `schema` (inherited ones included), or undefined. */
export function findProperty(schema: Schema, prop: string): Property | undefined {
  return propertiesOf(schema).get(prop);
}

/** Schemata of things a list designates (what screening and diffs are about). */
export function isDesignatable(schema: Schema): boolean {
  return schema.isA("LegalEntity") || schema.isA("Vehicle") || schema.isA("CryptoWallet");
}

/** The caption FtM would show: the first of the schema's caption properties that has a value. */
export function captionOf(
  schema: string,
  properties: Readonly<Record<string, readonly unknown[]>>,
): string | undefined {
  for (const prop of getSchema(schema).caption) {
    const value = properties[prop]?.find((v): v is string => typeof v === "string");
    if (value !== undefined) return value;
  }
  return undefined;
}
