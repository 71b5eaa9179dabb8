import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { CordonError, Forbidden, Invalid, NotFound } from "../model/index.js";
import { errorPage, wantsHtml } from "./pages/html.js";
import { loginPath } from "./pages/login.js";

interface ErrorReply {
  readonly status: number;
  readonly body: { error: string; message: string; issues?: readonly unknown[] };
}

/**
 * The one translation of the error family to HTTP: NotFound 404, Invalid 400 with its issues,
 * Forbidden 403, Fastify's own client errors (bad JSON, body too large) as they are, anything
 * else 500 with no detail (the detail goes to the log, never to the caller).
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof NotFound) return { status: 404, body: plain(error) };
  if (error instanceof Invalid)
    return { status: 400, body: { ...plain(error), issues: error.issues } };
  if (error instanceof Forbidden) return { status: 403, body: plain(error) };
  if (error instanceof CordonError) return internal();
  const status = (error as Partial<FastifyError>).statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code = (error as FastifyError).code ?? "bad_request";
    return { status, body: { error: code.toLowerCase(), message: (error as Error).message } };
  }
  return internal();
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = toErrorReply(error);
  if (status >= 500) request.log.error({ err: error }, "request failed");
  if (wantsHtml(request)) {
    // A person opening a page that needs a login is sent to log in, and back here after.
    if (status === 401 && request.method === "GET") return reply.redirect(loginPath(request), 303);
    return reply.status(status).type("text/html; charset=utf-8").send(errorPage(status, body));
  }
  return reply.status(status).type("application/json; charset=utf-8").send(body);
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  const method = request.method;
  const path = request.url.split("?")[0] ?? request.url;
  return handleError(new NotFound("route_not_found", `no route ${method} ${path}`), request, reply);
}

function plain(error: CordonError) {
  return { error: error.code, message: error.message };
}

function internal(): ErrorReply {
  return { status: 500, body: { error: "internal_error", message: "internal server error" } };
}
