import type { z } from "zod";
import { Invalid, type Issue } from "../model/index.js";

/** Parses `value` with `schema`; a failure is an Invalid naming each field at fault. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: Issue[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  throw new Invalid(`invalid_${what}`, `invalid ${what}: ${summary}`, issues);
}
