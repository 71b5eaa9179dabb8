import { createHash } from "node:crypto";
import type { Property, Schema } from "@opensanctions/followthemoney";
import type { Issue, Location } from "./errors.js";
import { findProperty, getSchema } from "./ftm.js";
import { cleanValue } from "./values.js";

/** An entity as FtM JSON: `{id, schema, properties: {prop: [values]}}`. */
export interface EntityRecord {
  readonly id: string;
  readonly schema: string;
  readonly properties: Readonly<Record<string, readonly string[]>>;
}

/** A problem with one value of a draft; errors fail the record, warnings drop the value. */
export interface ValueIssue extends Issue {
  readonly severity: "error" | "warning";
}

/** Types whose bad values are errors: a wrong date or IMO number misleads, a lost one does not. */
const STRICT_TYPES = new Set(["date", "identifier", "entity"]);

export interface AddOptions {
  /** Where the value came from, when it differs from the draft's own location. */
  readonly at?: Location;
  /** Treat a bad value as a warning (for values dug out of free text). */
  readonly lenient?: boolean;
}

/**
 * An entity being built from a source record. Values are cleaned by their FtM type as they
 * are added; what fails is kept as an issue with the source location, not thrown.
 */
export class EntityDraft {
  private current: Schema;
  private readonly values = new Map<string, Set<string>>();
  readonly issues: ValueIssue[] = [];

  constructor(
    schema: string,
    readonly id: string,
    readonly location: Location = {},
  ) {
    this.current = getSchema(schema);
  }

  get schema(): Schema {
    return this.current;
  }

  /**
   * Narrows the schema to one that extends it (a LegalEntity found to hold an IMO company
   * number is an Organization); every value added so far stays valid.
   */
  specialise(schema: string): this {
    const narrower = getSchema(schema);
    if (!narrower.isA(this.current.name))
      throw new Error(`${schema} does not extend ${this.current.name}`);
    this.current = narrower;
    return this;
  }

  /** Adds values to `prop`; undefined, null and blank values are ignored. */
  add(
    prop: string,
    raw: string | null | undefined | readonly (string | null | undefined)[],
    options: AddOptions = {},
  ): this {
    const property = this.property(prop);
    const raws = typeof raw === "string" || raw === null || raw === undefined ? [raw] : raw;
    for (const one of raws) {
      if (one === null || one === undefined) continue;
      const cleaned = cleanValue(property, one);
      if (cleaned.ok) this.addClean(prop, cleaned.value);
      else if (cleaned.message !== "empty") this.reject(property, one, cleaned.message, options);
    }
    return this;
  }

  /** Links `prop` to another entity (or draft) by its id. */
  link(prop: string, target: string | EntityDraft): this {
    const property = this.property(prop);
    if (property.type.name !== "entity")
      throw new Error(`${this.schema.name}:${prop} is not an entity property`);
    this.addClean(prop, typeof target === "string" ? target : target.id);
    return this;
  }

  /** True if the schema has `prop` (inherited ones included). */
  accepts(prop: string): boolean {
    return findProperty(this.current, prop) !== undefined;
  }

  /** The FtM type name of `prop` ("date", "country", "entity"...); throws for an unknown one. */
  typeOf(prop: string): string {
    return this.property(prop).type.name;
  }

  has(prop: string): boolean {
    return (this.values.get(prop)?.size ?? 0) > 0;
  }

  get(prop: string): string[] {
    return [...(this.values.get(prop) ?? [])];
  }

  get hasErrors(): boolean {
    return this.issues.some((issue) => issue.severity === "error");
  }

  toRecord(): EntityRecord {
    const properties: Record<string, string[]> = {};
    for (const [prop, values] of this.values) if (values.size > 0) properties[prop] = [...values];
    return { id: this.id, schema: this.schema.name, properties };
  }

  private property(prop: string): Property {
    const property = findProperty(this.schema, prop);
    if (property === undefined)
      throw new Error(`FtM schema ${this.schema.name} has no property "${prop}"`);
    return property;
  }

  private addClean(prop: string, value: string): void {
    let set = this.values.get(prop);
    if (set === undefined) {
      set = new Set();
      this.values.set(prop, set);
    }
    set.add(value);
  }

  private reject(property: Property, value: string, message: string, options: AddOptions): void {
    const strict = STRICT_TYPES.has(property.type.name) && options.lenient !== true;
    this.issues.push({
      ...this.location,
      ...options.at,
      field: options.at?.field ?? property.name,
      value,
      message: `${message} (${property.schema.name}:${property.name})`,
      severity: strict ? "error" : "warning",
    });
  }
}

/**
 * A stable entity id: `prefix-part` when the parts are a simple key (an OFAC uid), else
 * `prefix-` and a hash of the parts, so the same source record always gets the same id. The
 * hash is case-sensitive: Base58 wallet addresses that differ only in case are different
 * wallets (callers lower-case what is case-insensitive, such as EVM addresses).
 */
export function makeId(prefix: string, ...parts: readonly (string | number)[]): string {
  const key = parts.map((p) => String(p).trim()).join("-");
  if (/^[A-Za-z0-9._]{1,60}$/.test(key)) return `${prefix}-${key}`;
  return `${prefix}-${createHash("sha1").update(key).digest("hex").slice(0, 20)}`;
}

/**
 * The id of a wallet listed by `prefix`: EVM addresses (0x and 40 hex digits) are compared
 * lower-cased, Base58 and Bech32 addresses exactly as written.
 */
export function walletId(prefix: string, currency: string, address: string): string {
  return makeId(`${prefix}-wallet`, currency.toUpperCase(), cryptoAddressKey(address));
}

/**
 * A crypto address as it compares: EVM addresses (0x and 40 hex digits) are case-blind and
 * lower-cased; Base58 and Bech32 addresses are case-sensitive and kept exact.
 */
export function cryptoAddressKey(address: string): string {
  const trimmed = address.trim();
  return /^0x[0-9a-f]{40}$/i.test(trimmed) ? trimmed.toLowerCase() : trimmed;
}
