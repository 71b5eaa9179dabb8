import { EntityDraft, findProperty } from "../../model/index.js";
import { failedRecord, type ListFormat, type ListInput, type ParsedRecord } from "../format.js";
import { readLines } from "../lines.js";

/**
 * FollowTheMoney JSON lines, one entity per line: `{"id", "schema", "properties"}`. Nested
 * entities (as yente and OpenSanctions write them) are unnested into their own records.
 */
export const ftmJsonLines: ListFormat = {
  id: "ftm-jsonl",
  source: "ftm",
  label: "FollowTheMoney JSON lines",
  sniff: (head) => {
    const first = head.trimStart().split("\n", 1)[0] ?? "";
    if (!first.startsWith("{")) return false;
    return /"schema"\s*:/.test(first) && /"id"\s*:/.test(first);
  },
  read: readFtm,
};

async function* readFtm(input: ListInput): AsyncIterable<ParsedRecord> {
  for await (const { line, text } of readLines(input.text())) {
    if (text.trim() === "") continue;
    const at = { file: input.label, line };
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      yield failedRecord(at, `not valid JSON: ${(error as Error).message}`);
      continue;
    }
    const entities: EntityDraft[] = [];
    const problem = collectEntity(raw, at, entities);
    yield problem === undefined
      ? { location: at, entities }
      : failedRecord(at, problem.message, problem.field);
  }
}

interface Problem {
  readonly message: string;
  readonly field?: string;
}

function collectEntity(
  raw: unknown,
  at: { file: string; line: number },
  out: EntityDraft[],
): Problem | undefined {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return { message: "an entity must be a JSON object" };
  const { id, schema, properties } = raw as Record<string, unknown>;
  if (typeof id !== "string" || id.trim() === "")
    return { message: "missing entity id", field: "id" };
  if (typeof schema !== "string") return { message: "missing schema", field: "schema" };
  let draft: EntityDraft;
  try {
    draft = new EntityDraft(schema, id, at);
  } catch {
    return { message: `unknown FtM schema "${schema}"`, field: "schema" };
  }
  out.push(draft);
  if (properties === undefined) return undefined;
  if (properties === null || typeof properties !== "object")
    return { message: "properties must be an object", field: "properties" };
  for (const [prop, values] of Object.entries(properties as Record<string, unknown>)) {
    const property = findProperty(draft.schema, prop);
    if (property === undefined)
      return { message: `${schema} has no property "${prop}"`, field: prop };
    if (!Array.isArray(values)) return { message: "property values must be a list", field: prop };
    const isEntity = property.type.name === "entity";
    for (const value of values) {
      if (isEntity && value !== null && typeof value === "object") {
        const nested = collectEntity(value, at, out);
        if (nested !== undefined) return nested;
        // A reverse property (`sanctions`) is stated by the nested entity's own link back.
        if (!property.stub) draft.link(prop, String((value as { id: unknown }).id));
      } else if (isEntity && typeof value === "string") {
        draft.link(prop, value);
      } else if (typeof value === "string" || typeof value === "number") {
        draft.add(prop, String(value));
      } else {
        return { message: "a property value must be a string", field: prop };
      }
    }
  }
  return undefined;
}
