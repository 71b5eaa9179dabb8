import { z } from "zod";
import { ROLES, type Role } from "./principal.js";

/** The kinds of organisation that take part in the monitoring. */
export const ORG_KINDS = ["delegation", "secretariat", "company", "research_group"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

// Control characters have no place in a name and NUL breaks PostgreSQL text.
const NO_CONTROL = /^[^\p{Cc}]*$/u;

/** A person's or an organisation's name: free text, 1 to 200 characters, shown escaped. */
export const Name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(NO_CONTROL, "must not contain control characters");

export const OrgId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "lower-case letters, digits and hyphens, 2 to 63");

export const Username = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]{1,63}$/,
        "letters, digits, '.', '_' and '-', 2 to 64, starting with a letter or digit",
      ),
  );

export const RoleName = z.enum(ROLES as [Role, ...Role[]]);

export const OrgInput = z.object({
  id: OrgId,
  name: Name,
  kind: z.enum(ORG_KINDS),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "an ISO 3166-1 alpha-2 code")
    .transform((s) => s.toLowerCase())
    .nullish()
    .transform((s) => s ?? null),
});
export type OrgInput = z.input<typeof OrgInput>;

export const Password = z.string().min(12).max(1024);

export const UserInput = z.object({
  username: Username,
  displayName: Name,
  orgId: OrgId,
  roles: z.array(RoleName).min(1).max(ROLES.length),
  password: Password,
});
export type UserInput = z.input<typeof UserInput>;

export const LoginInput = z.object({
  // Usernames are checked against the table, not a pattern: a refused login is logged as typed.
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
  totp: z
    .string()
    .regex(/^\d{6}$/, "six digits")
    .optional(),
});
export type LoginInput = z.input<typeof LoginInput>;

export const TokenInput = z.object({
  name: Name.pipe(z.string().max(100)),
  expiresInDays: z.number().int().min(1).max(365).default(90),
});
export type TokenInput = z.input<typeof TokenInput>;

// What the API answers (dates as ISO 8601 strings).

/** Account actions a caller may take, as /auth/me lists them. */
export const ACCOUNT_ACTIONS = [
  "tokens.create",
  "totp.enrol",
  "orgs.create",
  "users.create",
  "users.list",
  "users.disable",
  "users.roles",
  "users.totp.enrol",
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export const OrgBody = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  country: z.string().nullable(),
  createdAt: z.string(),
});

export const UserBody = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.string(),
  roles: z.array(RoleName),
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export const MeBody = z.object({
  user: UserBody,
  org: OrgBody,
  via: z.enum(["session", "api"]).meta({ description: "How this request authenticated" }),
  actions: z.array(z.enum(ACCOUNT_ACTIONS)).meta({
    description: "What the caller may do here, so a client need not repeat the rules",
  }),
});

export const LoginBody = z.object({
  user: UserBody,
  token: z.string().meta({
    description:
      "The session secret, also set as the cordon_session cookie; send it as Authorization: Bearer",
  }),
  expiresAt: z.string(),
});

export const TokenBody = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const TokenCreatedBody = TokenBody.extend({
  token: z.string().meta({ description: "The secret, shown once: only its hash is stored" }),
});

export const TotpEnrolmentBody = z.object({
  secret: z.string().meta({ description: "Base32 secret" }),
  uri: z.string().meta({ description: "otpauth:// provisioning URI (for a QR code)" }),
});

export const TotpConfirmInput = z.object({
  code: z.string().regex(/^\d{6}$/, "six digits"),
});

export const TotpEnrolInput = z
  .object({
    totp: z
      .string()
      .regex(/^\d{6}$/, "six digits")
      .optional()
      .meta({ description: "A current code, when replacing an active second factor" }),
  })
  .nullish();
