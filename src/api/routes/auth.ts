import { z } from "zod";
import {
  type ApiToken,
  accountActions,
  beginTotpEnrolment,
  confirmTotpEnrolment,
  createApiToken,
  getOrg,
  getUser,
  LoginBody,
  LoginInput,
  listApiTokens,
  MeBody,
  revokeApiToken,
  revokeSession,
  TokenBody,
  TokenCreatedBody,
  TokenInput,
  TotpConfirmInput,
  TotpEnrolInput,
  TotpEnrolmentBody,
} from "../../access/index.js";
import { Invalid } from "../../model/index.js";
import { callerContext, requirePrincipal } from "../auth.js";
import type { Context } from "../context.js";
import { ErrorBody } from "../schema.js";
import { clearSessionCookie, loginAndSetCookie } from "../session-cookie.js";
import type { App } from "../zod-schema.js";
import { presentOrg, presentUser, registerDirectoryRoutes } from "./directory.js";

const REFUSED = { 400: ErrorBody, 401: ErrorBody, 429: ErrorBody };

/** Login, logout, the caller, TOTP enrolment, API tokens; and (directory.ts) orgs and users. */
export function registerAuthRoutes(app: App, ctx: Context): void {
  app.post(
    "/auth/login",
    {
      schema: {
        summary:
          "Log in with username, password and (for coordinators, administrators) a TOTP code",
        description:
          "Sets the session cookie and returns the same secret for Authorization: Bearer. Refusals answer 401 with a reason (invalid_credentials, totp_required, totp_invalid, totp_replayed, totp_not_enrolled, user_disabled); too many failures 429 with Retry-After. Every attempt is in the audit log.",
        tags: ["auth"],
        body: LoginInput,
        response: { 200: LoginBody, ...REFUSED },
      },
    },
    async (request, reply) => {
      const outcome = await loginAndSetCookie(ctx, request, reply, request.body);
      const user = await getUser(ctx, outcome.principal.username);
      return {
        user: presentUser(user),
        token: outcome.session.token,
        expiresAt: outcome.session.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    "/auth/logout",
    {
      schema: {
        summary: "End the session this request carries",
        tags: ["auth"],
        response: { 204: z.null(), ...REFUSED },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const credential = request.credential;
      if (credential?.kind !== "session")
        throw new Invalid(
          "not_a_session",
          "logout ends a session; revoke an API token with DELETE /auth/tokens/{id}",
        );
      await revokeSession(callerContext(ctx, request), credential.id);
      clearSessionCookie(reply);
      request.log.info({ user: principal.username }, "logged out");
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/auth/me",
    {
      schema: {
        summary: "Who the caller is: user, organisation, roles",
        tags: ["auth"],
        response: { 200: MeBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const [user, org] = await Promise.all([
        getUser(ctx, principal.username),
        getOrg(ctx, principal.orgId),
      ]);
      const via = request.credential?.kind ?? "session";
      return {
        user: presentUser(user),
        org: presentOrg(org),
        via,
        actions: accountActions(principal, via),
      };
    },
  );

  app.post(
    "/auth/totp/enrol",
    {
      schema: {
        summary: "Start TOTP enrolment: a new secret and its otpauth:// URI, active once confirmed",
        description:
          "A user who already has TOTP gives a current code (`totp`) to replace it, so a stolen session cannot swap the authenticator.",
        tags: ["auth"],
        body: TotpEnrolInput,
        response: { 200: TotpEnrolmentBody, ...REFUSED },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return beginTotpEnrolment(
        callerContext(ctx, request),
        principal.username,
        request.body?.totp,
      );
    },
  );

  app.post(
    "/auth/totp/confirm",
    {
      schema: {
        summary: "Confirm TOTP enrolment with a code from the new secret",
        tags: ["auth"],
        body: TotpConfirmInput,
        response: { 204: z.null(), ...REFUSED },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await confirmTotpEnrolment(
        callerContext(ctx, request),
        principal.username,
        request.body.code,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/auth/tokens",
    {
      schema: {
        summary: "Create a named API token for the caller (secret shown once)",
        tags: ["auth"],
        body: TokenInput,
        response: { 201: TokenCreatedBody, ...REFUSED },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      // A token mints no tokens: a stolen one must not outlive its own revocation.
      if (request.credential?.kind !== "session")
        throw new Invalid("session_required", "create API tokens from a logged-in session");
      const created = await createApiToken(
        callerContext(ctx, request),
        principal.username,
        request.body,
      );
      return reply.status(201).send({ ...presentToken(created), token: created.token });
    },
  );

  app.get(
    "/auth/tokens",
    {
      schema: {
        summary: "The caller's API tokens (never their secrets)",
        tags: ["auth"],
        response: { 200: z.object({ tokens: z.array(TokenBody) }), 401: ErrorBody },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return { tokens: (await listApiTokens(ctx, principal.username)).map(presentToken) };
    },
  );

  app.delete(
    "/auth/tokens/:id",
    {
      schema: {
        summary: "Revoke an API token (the caller's own; an administrator's: anyone's)",
        tags: ["auth"],
        params: z.object({ id: z.string().max(100) }),
        response: { 200: TokenBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return presentToken(
        await revokeApiToken(callerContext(ctx, request), principal, request.params.id),
      );
    },
  );

  registerDirectoryRoutes(app, ctx);
}

function presentToken(token: ApiToken): z.input<typeof TokenBody> {
  return {
    id: token.id,
    name: token.name,
    username: token.username,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    revokedAt: token.revokedAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}
