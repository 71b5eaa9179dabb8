/**
 * Access owns who is acting: organisations (delegations, the secretariat, companies, research
 * groups), users and their roles, passwords (scrypt), login sessions and API tokens (random
 * secrets stored hashed), TOTP second factors (RFC 6238, required for coordinators and
 * administrators) and the stored login rate limit. Authentication yields a Principal; the
 * markings policy (policy.ts) decides from it what may be seen and done.
 */
export { accountActions, actingAs, assertAdministrator, hasRole } from "./acting.js";
export * from "./api-tokens.js";
export * from "./authenticate.js";
export { type AccessDemo, DEMO_ORGS, type DemoUser, demoPassword, seedAccessDemo } from "./demo.js";
export * from "./login.js";
export { DEFAULT_LOGIN_LIMITS, type LoginLimits } from "./login-limit.js";
export * from "./orgs.js";
export { parseInput } from "./parse-input.js";
export {
  checkPasswordRules,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type ScryptCost,
  STRONG_COST,
  TEST_COST,
} from "./password.js";
export * from "./principal.js";
export * from "./schema.js";
export type { TokenKind } from "./secret-token.js";
export { type NewSession, revokeSession, SESSION_COOKIE, SESSION_SECONDS } from "./sessions.js";
export {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  enrolTotp,
  generateTotpCode,
  type TotpEnrolment,
} from "./totp.js";
export {
  type CreateUserOptions,
  createUser,
  disableUser,
  getUser,
  listUsers,
  requiresTotp,
  setPassword,
  setRoles,
  TOTP_ROLES,
  toPrincipal,
  type User,
} from "./users.js";
