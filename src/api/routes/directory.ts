import { z } from "zod";
import {
  createOrg,
  createUser,
  disableUser,
  enrolTotp,
  listOrgs,
  listUsers,
  type Org,
  OrgBody,
  OrgId,
  OrgInput,
  setRoles,
  TotpEnrolmentBody,
  type User,
  UserBody,
  UserInput,
  Username,
} from "../../access/index.js";
import { callerContext, requireAdministrator, requirePrincipal } from "../auth.js";
import type { Context } from "../context.js";
import { ErrorBody } from "../schema.js";
import type { App } from "../zod-schema.js";

const ADMIN_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/**
 * Organisations and users. Changes are for administrators; the list of organisations is open
 * to every logged-in user, who needs it to say whom a record is releasable to.
 */
export function registerDirectoryRoutes(app: App, ctx: Context): void {
  app.post(
    "/orgs",
    {
      schema: {
        summary: "Create an organisation (administrators)",
        tags: ["auth"],
        body: OrgInput,
        response: { 201: OrgBody, ...ADMIN_ERRORS },
      },
    },
    async (request, reply) => {
      requireAdministrator(request);
      const org = await createOrg(callerContext(ctx, request), request.body);
      return reply.status(201).send(presentOrg(org));
    },
  );

  app.get(
    "/orgs",
    {
      schema: {
        summary: "The organisations (any logged-in user)",
        tags: ["auth"],
        response: { 200: z.object({ orgs: z.array(OrgBody) }), 401: ErrorBody },
      },
    },
    async (request) => {
      requirePrincipal(request);
      return { orgs: (await listOrgs(ctx)).map(presentOrg) };
    },
  );

  app.post(
    "/users",
    {
      schema: {
        summary: "Create a user (administrators)",
        description:
          "Coordinators and administrators cannot log in until enrolled in TOTP (`cordon users totp enrol`).",
        tags: ["auth"],
        body: UserInput,
        response: { 201: UserBody, ...ADMIN_ERRORS },
      },
    },
    async (request, reply) => {
      requireAdministrator(request);
      const user = await createUser(callerContext(ctx, request), request.body);
      return reply.status(201).send(presentUser(user));
    },
  );

  app.get(
    "/users",
    {
      schema: {
        summary: "The users, optionally of one organisation (administrators)",
        tags: ["auth"],
        querystring: z.object({ orgId: OrgId.optional() }),
        response: { 200: z.object({ users: z.array(UserBody) }), ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      requireAdministrator(request);
      const { orgId } = request.query;
      return {
        users: (await listUsers(ctx, orgId === undefined ? {} : { orgId })).map(presentUser),
      };
    },
  );

  app.post(
    "/users/:username/disable",
    {
      schema: {
        summary: "Disable a user and revoke their sessions and tokens (administrators)",
        tags: ["auth"],
        params: z.object({ username: Username }),
        response: { 200: UserBody, ...ADMIN_ERRORS, 404: ErrorBody },
      },
    },
    async (request) => {
      requireAdministrator(request);
      return presentUser(await disableUser(callerContext(ctx, request), request.params.username));
    },
  );

  app.post(
    "/users/:username/roles",
    {
      schema: {
        summary: "Replace a user's roles, ending their sessions and tokens (administrators)",
        tags: ["auth"],
        params: z.object({ username: Username }),
        body: z.object({ roles: UserInput.shape.roles }),
        response: { 200: UserBody, ...ADMIN_ERRORS, 404: ErrorBody },
      },
    },
    async (request) => {
      requireAdministrator(request);
      const ctx2 = callerContext(ctx, request);
      return presentUser(await setRoles(ctx2, request.params.username, request.body.roles));
    },
  );

  app.post(
    "/users/:username/totp",
    {
      schema: {
        summary: "Give a user a new TOTP secret now (administrators), as `cordon users totp enrol`",
        description:
          "How a new coordinator or administrator, who cannot log in without TOTP, gets one. Hand the URI to the user privately.",
        tags: ["auth"],
        params: z.object({ username: Username }),
        response: { 200: TotpEnrolmentBody, ...ADMIN_ERRORS, 404: ErrorBody },
      },
    },
    async (request) => {
      requireAdministrator(request);
      return enrolTotp(callerContext(ctx, request), request.params.username);
    },
  );
}

export function presentOrg(org: Org): z.input<typeof OrgBody> {
  return { ...org, createdAt: org.createdAt.toISOString() };
}

export function presentUser(user: User): z.input<typeof UserBody> {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    orgId: user.orgId,
    roles: [...user.roles],
    totpEnabled: user.totpEnabled,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
