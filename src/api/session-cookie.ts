import type { FastifyReply, FastifyRequest } from "fastify";
import { type LoginInput, type LoginOutcome, login, SESSION_COOKIE } from "../access/index.js";
import { TooManyRequests, Unauthenticated } from "./auth-errors.js";
import type { Context } from "./context.js";

/**
 * Logs in with the request's client address, sets the session cookie on success, and throws
 * 401 (429 with Retry-After when rate-limited) on refusal. Shared by POST /auth/login and the
 * login page.
 */
export async function loginAndSetCookie(
  ctx: Context,
  request: FastifyRequest,
  reply: FastifyReply,
  input: {
    readonly username: string;
    readonly password: string;
    readonly totp?: string | undefined;
  },
): Promise<Extract<LoginOutcome, { ok: true }>> {
  const outcome = await login(ctx, input satisfies LoginInput, {
    ip: request.ip,
    userAgent: request.headers["user-agent"] ?? "",
  });
  if (!outcome.ok) {
    request.log.warn({ reason: outcome.reason, ip: request.ip }, "login refused");
    if (outcome.reason === "rate_limited") {
      reply.header("retry-after", String(outcome.retryAfterSeconds ?? 60));
      throw new TooManyRequests(outcome.reason, outcome.message);
    }
    throw new Unauthenticated(outcome.reason, outcome.message);
  }
  reply.setCookie(SESSION_COOKIE, outcome.session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    // Secure on HTTPS (behind a TLS proxy that says so); plain HTTP stays usable on localhost.
    secure: "auto",
    expires: outcome.session.expiresAt,
  });
  return outcome;
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}
