import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchemaCompiler,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import { z } from "zod";
import { Invalid, type Issue } from "../model/index.js";

/**
 * Route schemas are zod schemas: Fastify validates requests with them, serializes replies
 * through them (so a reply never leaks a field the schema does not name), and @fastify/swagger
 * describes them as JSON Schema. One schema, three uses; no Ajv copy to drift.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this["schema"] extends z.ZodType ? z.output<this["schema"]> : unknown;
  serializer: this["schema"] extends z.ZodType ? z.input<this["schema"]> : unknown;
}

/** Validates a request part; a failure is an Invalid naming each field at fault. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const issues: Issue[] = result.error.issues.map((issue) => ({
      field: [httpPart, ...issue.path.map(String)].filter(Boolean).join("."),
      message: issue.message,
    }));
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
    return { error: new Invalid("invalid_request", `invalid request: ${summary}`, issues) };
  };

/** Serializes a reply through its schema, which drops fields the schema does not declare. */
export const serializerCompiler =
  ({ schema }: { schema: z.ZodType }) =>
  (data: unknown): string =>
    JSON.stringify(schema.parse(data));

/** A zod schema as OpenAPI 3.0 JSON Schema, as the request or the reply sees it. */
export function toOpenApiSchema(schema: unknown, io: "input" | "output"): unknown {
  if (!(schema instanceof z.ZodType)) return schema;
  const { $schema: _, ...json } = z.toJSONSchema(schema, { target: "openapi-3.0", io });
  return json;
}

/** @fastify/swagger's `transform`: turns each zod route schema into JSON Schema. */
export function describeRoute({ schema, url }: { schema: unknown; url: string }): {
  schema: Record<string, unknown>;
  url: string;
} {
  const parts = { ...(schema as Record<string, unknown>) };
  for (const part of ["params", "querystring", "headers", "body"] as const) {
    if (parts[part] !== undefined) parts[part] = toOpenApiSchema(parts[part], "input");
  }
  if (parts.response !== undefined) {
    parts.response = Object.fromEntries(
      Object.entries(parts.response as Record<string, unknown>).map(([status, s]) => [
        status,
        toOpenApiSchema(s, "output"),
      ]),
    );
  }
  return { schema: parts, url };
}

/** The server with zod schemas as its type provider, as routes receive it. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
