import cookie from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import {
  actingAs,
  assertAdministrator,
  authenticateSecret,
  type CredentialFailure,
  type Principal,
  recordCredentialFailure,
  SESSION_COOKIE,
  type TokenKind,
} from "../access/index.js";
import { Unauthenticated } from "./auth-errors.js";
import type { Context } from "./context.js";
import { registerLoginPage } from "./pages/login.js";
import { registerAuthRoutes } from "./routes/auth.js";
import type { App } from "./zod-schema.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who sent the request, when it carried a valid session or token; set by registerAuth. */
    principal: Principal | undefined;
    /** How the principal authenticated (session or API token, and its id). */
    credential: { readonly kind: TokenKind; readonly id: string } | undefined;
    /** Why a presented credential was refused, for requirePrincipal's 401. */
    authFailure: AuthFailure | undefined;
  }
}

type AuthFailure = CredentialFailure | "bad_authorization_header" | "cross_site";

const FAILURES: Readonly<Record<AuthFailure, { code: string; message: string }>> = {
  malformed: {
    code: "invalid_token",
    message: "the credential is not a Cordon session or API token",
  },
  unknown: { code: "invalid_token", message: "unknown session or token (forged, or deleted)" },
  expired: {
    code: "credential_expired",
    message: "the session or token has expired; log in again",
  },
  revoked: {
    code: "credential_revoked",
    message: "the session or token was revoked (logout, or by an administrator)",
  },
  user_disabled: { code: "user_disabled", message: "this account is disabled" },
  bad_authorization_header: {
    code: "invalid_authorization",
    message: "the Authorization header must be 'Bearer <token>'",
  },
  cross_site: {
    code: "cross_site_request",
    message: "a session cookie is not accepted on a state-changing request from another origin",
  },
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Authenticates every request: `Authorization: Bearer <session or API token>`, else the
 * session cookie. A valid one sets `request.principal`; a refused one is logged (audit log and
 * server log) and remembered, so that requirePrincipal answers 401 with the reason. Public
 * routes still answer a caller whose cookie expired. Also registers the /auth routes and the
 * login page. Call before the routes that use it.
 */
export async function registerAuth(app: App, ctx: Context): Promise<void> {
  await app.register(cookie);
  app.decorateRequest("principal", undefined);
  app.decorateRequest("credential", undefined);
  app.decorateRequest("authFailure", undefined);
  app.addHook("onRequest", async (request) => {
    const presented = presentedSecret(request);
    if (presented === undefined) return;
    if ("failure" in presented) return refuse(ctx, request, presented.failure);
    if (presented.from === "cookie" && isCrossSite(request))
      return refuse(ctx, request, "cross_site");
    const result = await authenticateSecret(ctx, presented.secret);
    if (!result.ok) return refuse(ctx, request, result.reason);
    request.principal = result.principal;
    request.credential = result.via;
  });
  app.addHook("onSend", async (_request, reply: FastifyReply) => {
    if (reply.statusCode === 401) reply.header("www-authenticate", 'Bearer realm="cordon"');
  });
  registerAuthRoutes(app, ctx);
  registerLoginPage(app, ctx);
}

/** The caller of `request`; throws a 401 naming why there is none. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal !== undefined) return request.principal;
  if (request.authFailure !== undefined) {
    const { code, message } = FAILURES[request.authFailure];
    throw new Unauthenticated(code, message);
  }
  throw new Unauthenticated(
    "unauthenticated",
    "log in first (POST /auth/login) or send Authorization: Bearer <token>",
  );
}

/** The caller, who must be an administrator: 401 without a caller, 403 for anyone else. */
export function requireAdministrator(request: FastifyRequest): Principal {
  const principal = requirePrincipal(request);
  assertAdministrator(principal);
  return principal;
}

/** The context the caller's request runs in: the audit log names them as the actor (401 if none). */
export function callerContext(ctx: Context, request: FastifyRequest): Context {
  return actingAs(ctx, requirePrincipal(request));
}

function presentedSecret(
  request: FastifyRequest,
): { secret: string; from: "header" | "cookie" } | { failure: AuthFailure } | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(header);
    return match?.[1] === undefined
      ? { failure: "bad_authorization_header" }
      : { secret: match[1], from: "header" };
  }
  const fromCookie = request.cookies[SESSION_COOKIE];
  return fromCookie === undefined || fromCookie === ""
    ? undefined
    : { secret: fromCookie, from: "cookie" };
}

/**
 * A browser sends Origin on cross-site POSTs; SameSite=Strict already keeps the cookie off
 * them, this is the second lock for older browsers and misconfigured proxies.
 */
function isCrossSite(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.origin;
  if (origin === undefined || origin === "null") return origin === "null";
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

async function refuse(ctx: Context, request: FastifyRequest, failure: AuthFailure): Promise<void> {
  request.authFailure = failure;
  request.log.warn({ reason: failure, ip: request.ip }, "credential refused");
  await recordCredentialFailure(ctx, {
    reason: failure,
    ip: request.ip,
    method: request.method,
    path: request.url.split("?")[0] ?? request.url,
  });
}
