import { Forbidden } from "../model/index.js";
import type { Context } from "../store/index.js";
import type { Principal, Role } from "./principal.js";
import type { AccountAction } from "./schema.js";

/** The context a request of `principal` runs in: the audit log names them as the actor. */
export function actingAs(ctx: Context, principal: Principal): Context {
  return { ...ctx, actor: `user:${principal.username}` };
}

/** True when the principal holds `role`. */
export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}

/**
 * Throws Forbidden unless the principal is an administrator: managing organisations, users
 * and other people's tokens is theirs alone.
 */
export function assertAdministrator(principal: Principal): void {
  if (!hasRole(principal, "administrator"))
    throw new Forbidden(
      "administrator_only",
      "only an administrator may manage organisations and users",
    );
}

const ADMIN_ACTIONS: readonly AccountAction[] = [
  "orgs.create",
  "users.create",
  "users.list",
  "users.disable",
  "users.roles",
  "users.totp.enrol",
];

/**
 * The account actions open to the principal: everyone manages their own second factor; API
 * tokens are made from a login session only; administrators manage the directory.
 */
export function accountActions(principal: Principal, via: "session" | "api"): AccountAction[] {
  return [
    ...(via === "session" ? (["tokens.create"] as const) : []),
    "totp.enrol",
    ...(hasRole(principal, "administrator") ? ADMIN_ACTIONS : []),
  ];
}
