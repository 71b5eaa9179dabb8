import { createHash } from "node:crypto";
import type { EntityRecord } from "./entity.js";
import { findProperty, getSchema } from "./ftm.js";

/** One fact about an entity, as it came from one dataset. */
export interface Statement {
  readonly id: string;
  readonly entityId: string;
  readonly schema: string;
  readonly prop: string;
  readonly propType: string;
  readonly value: string;
  readonly dataset: string;
}

/** The property that carries an entity's existence and schema, as in FtM's statement model. */
export const ID_PROP = "id";

/**
 * A statement id derived from what the fact says (dataset, entity, property, value), so the
 * same fact imported twice has the same id and is stored once.
 */
export function statementId(
  dataset: string,
  entityId: string,
  prop: string,
  value: string,
): string {
  return createHash("sha1").update(`${dataset}.${entityId}.${prop}.${value}`).digest("hex");
}

/** The statements of an entity: one for its id and schema, one per property value. */
export function entityStatements(entity: EntityRecord, dataset: string): Statement[] {
  const schema = getSchema(entity.schema);
  const make = (prop: string, propType: string, value: string, key = value): Statement => ({
    id: statementId(dataset, entity.id, prop, key),
    entityId: entity.id,
    schema: entity.schema,
    prop,
    propType,
    value,
    dataset,
  });
  // The schema is part of the id statement's identity, so a change of schema is a new fact.
  const statements = [make(ID_PROP, "id", entity.id, entity.schema)];
  for (const [prop, values] of Object.entries(entity.properties)) {
    const propType = findProperty(schema, prop)?.type.name ?? "string";
    for (const value of values) statements.push(make(prop, propType, value));
  }
  return statements;
}
