import { randomBytes } from "node:crypto";
import { type Command, InvalidArgumentError } from "commander";
import {
  createApiToken,
  createOrg,
  createUser,
  disableUser,
  enrolTotp,
  listApiTokens,
  listOrgs,
  listUsers,
  ORG_KINDS,
  OrgInput,
  type OrgKind,
  Password,
  parseInput,
  ROLES,
  type Role,
  requiresTotp,
  seedAccessDemo,
  setPassword,
  setRoles,
  TokenInput,
  type User,
  UserInput,
} from "../../access/index.js";
import type { Config } from "../../model/index.js";
import { withContext } from "../context.js";
import type { Output } from "../output.js";
import { table } from "../output.js";

/** `cordon orgs`, `cordon users`, `cordon tokens`: administration at the console. */
export function registerUserCommands(program: Command, config: Config, output: () => Output): void {
  registerOrgs(program, config, output);
  registerUsers(program, config, output);
  registerTokens(program, config, output);
}

function registerOrgs(program: Command, config: Config, output: () => Output): void {
  const orgs = program
    .command("orgs")
    .description("organisations: delegations, the secretariat, contributors");
  orgs
    .command("add")
    .description("add an organisation")
    .requiredOption("--id <id>", "short id, e.g. jp-delegation")
    .requiredOption("--name <name>", "full name")
    .requiredOption("--kind <kind>", `one of ${ORG_KINDS.join(", ")}`, parseKind)
    .option("--country <cc>", "ISO 3166-1 alpha-2 code, e.g. jp")
    .action(async (options: { id: string; name: string; kind: OrgKind; country?: string }) => {
      const out = output();
      // Checked before the store opens: bad usage costs no database start.
      const input = parseInput(
        OrgInput,
        {
          id: options.id,
          name: options.name,
          kind: options.kind,
          country: options.country ?? null,
        },
        "organisation",
      );
      const org = await withContext(config, (ctx) => createOrg(ctx, input));
      out.result(org, () => `added organisation ${org.id} (${org.kind}): ${org.name}`);
    });
  orgs
    .command("list")
    .description("every organisation")
    .action(async () => {
      const out = output();
      const found = await withContext(config, (ctx) => listOrgs(ctx));
      if (out.json) return printJsonLines(out, found);
      out.info(
        table(
          ["ID", "KIND", "COUNTRY", "NAME"],
          found.map((o) => [o.id, o.kind, o.country, o.name]),
        ),
      );
    });
}

function registerUsers(program: Command, config: Config, output: () => Output): void {
  const users = program
    .command("users")
    .description("users, their roles, passwords and two-factor codes");
  users
    .command("add")
    .description("add a user; prints a generated password unless --password-stdin")
    .argument("<username>", "login name, e.g. jp-analyst")
    .requiredOption("--org <id>", "the user's organisation")
    .requiredOption("--role <role...>", `one or more of ${ROLES.join(", ")}`, collectRoles, [])
    .option("--name <name>", "display name (default: the username)")
    .option("--password-stdin", "read the password from standard input")
    .action(
      async (
        username: string,
        options: { org: string; role: Role[]; name?: string; passwordStdin?: boolean },
      ) => {
        const out = output();
        const { password, generated } = await obtainPassword(options.passwordStdin === true);
        const input = parseInput(
          UserInput,
          {
            username,
            displayName: options.name ?? username,
            orgId: options.org,
            roles: options.role,
            password,
          },
          "user",
        );
        const user = await withContext(config, (ctx) => createUser(ctx, input));
        out.result({ ...user, ...(generated ? { password } : {}) }, () =>
          [
            `added user ${user.username} of ${user.orgId} (${user.roles.join(", ")})`,
            generated ? `password: ${password}` : "",
            requiresTotp(user.roles)
              ? `next: cordon users totp enrol ${user.username} (required to log in)`
              : "",
          ]
            .filter((l) => l !== "")
            .join("\n"),
        );
      },
    );
  users
    .command("list")
    .description("users, optionally of one organisation")
    .option("--org <id>", "only this organisation")
    .action(async (options: { org?: string }) => {
      const out = output();
      const found = await withContext(config, (ctx) =>
        listUsers(ctx, options.org === undefined ? {} : { orgId: options.org }),
      );
      if (out.json) return printJsonLines(out, found);
      out.info(table(["USERNAME", "ORG", "ROLES", "2FA", "STATUS", "NAME"], found.map(userRow)));
    });
  users
    .command("passwd")
    .description("set a new password (ends the user's sessions); prints it unless --password-stdin")
    .argument("<username>")
    .option("--password-stdin", "read the password from standard input")
    .action(async (username: string, options: { passwordStdin?: boolean }) => {
      const out = output();
      const { password, generated } = await obtainPassword(options.passwordStdin === true);
      parseInput(Password, password, "password");
      await withContext(config, (ctx) => setPassword(ctx, username, password));
      out.result({ username, ...(generated ? { password } : {}) }, () =>
        generated ? `new password of ${username}: ${password}` : `password of ${username} changed`,
      );
    });
  users
    .command("roles")
    .description("replace a user's roles (ends their sessions and API tokens)")
    .argument("<username>")
    .requiredOption("--role <role...>", `one or more of ${ROLES.join(", ")}`, collectRoles, [])
    .action(async (username: string, options: { role: Role[] }) => {
      const out = output();
      const user = await withContext(config, (ctx) => setRoles(ctx, username, options.role));
      out.result(user, () => `${user.username} now has roles ${user.roles.join(", ")}`);
    });
  users
    .command("disable")
    .description("disable a user and revoke their sessions and API tokens")
    .argument("<username>")
    .action(async (username: string) => {
      const out = output();
      const user = await withContext(config, (ctx) => disableUser(ctx, username));
      out.result(user, () => `disabled ${user.username}; their sessions and tokens are revoked`);
    });
  users
    .command("totp")
    .description("two-factor authentication")
    .command("enrol")
    .description("give a user a new TOTP secret now; prints its otpauth:// URI for their app")
    .argument("<username>")
    .action(async (username: string) => {
      const out = output();
      const enrolment = await withContext(config, (ctx) => enrolTotp(ctx, username));
      out.result({ username, ...enrolment }, () =>
        [
          `TOTP enrolled for ${username}; give them, privately:`,
          `  ${enrolment.uri}`,
          `  secret: ${enrolment.secret}`,
        ].join("\n"),
      );
    });
  users
    .command("demo")
    .description("add the demo organisations and users (known passwords: for demos only)")
    .action(async () => {
      const out = output();
      const demo = await withContext(config, (ctx) => seedAccessDemo(ctx));
      if (out.json) return printJsonLines(out, demo.users);
      out.info(
        `${demo.orgsCreated} organisations added; demo users (password, and TOTP secret where required):`,
      );
      out.info(
        table(
          ["USERNAME", "ORG", "ROLES", "PASSWORD", "TOTP SECRET"],
          demo.users.map((u) => [
            u.username,
            u.orgId,
            u.roles.join(","),
            u.password,
            u.totp?.secret ?? "",
          ]),
        ),
      );
    });
}

function registerTokens(program: Command, config: Config, output: () => Output): void {
  const tokens = program.command("tokens").description("API tokens (Authorization: Bearer)");
  tokens
    .command("create")
    .description("create a named API token for a user; prints the secret once")
    .argument("<username>")
    .requiredOption("--name <name>", "what the token is for, e.g. 'nightly import'")
    .option("--days <n>", "valid for this many days (1 to 365)", parseDays, 90)
    .action(async (username: string, options: { name: string; days: number }) => {
      const out = output();
      const input = parseInput(
        TokenInput,
        { name: options.name, expiresInDays: options.days },
        "token",
      );
      const created = await withContext(config, (ctx) => createApiToken(ctx, username, input));
      out.result(created, () =>
        [
          `token ${created.id} "${created.name}" for ${username}, valid until ${created.expiresAt.toISOString()}`,
          `secret (shown once): ${created.token}`,
        ].join("\n"),
      );
    });
  tokens
    .command("list")
    .description("a user's API tokens")
    .argument("<username>")
    .action(async (username: string) => {
      const out = output();
      const found = await withContext(config, (ctx) => listApiTokens(ctx, username));
      if (out.json) return printJsonLines(out, found);
      out.info(
        table(
          ["ID", "NAME", "EXPIRES", "STATUS"],
          found.map((t) => [
            t.id,
            t.name,
            t.expiresAt.toISOString(),
            t.revokedAt === null ? "active" : "revoked",
          ]),
        ),
      );
    });
}

/** One JSON line per item (the --json form of a listing). */
function printJsonLines(out: Output, items: readonly unknown[]): void {
  for (const item of items) out.result(item, () => "");
}

function userRow(user: User): string[] {
  return [
    user.username,
    user.orgId,
    user.roles.join(","),
    user.totpEnabled ? "yes" : "no",
    user.disabledAt === null ? "active" : "disabled",
    user.displayName,
  ];
}

/** The password from standard input (first line), or a generated one (24 characters). */
async function obtainPassword(
  fromStdin: boolean,
): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: randomBytes(18).toString("base64url"), generated: true };
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  const password = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  return { password, generated: false };
}

function parseKind(value: string): OrgKind {
  if (!(ORG_KINDS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`one of ${ORG_KINDS.join(", ")}`);
  return value as OrgKind;
}

function collectRoles(value: string, previous: Role[]): Role[] {
  const roles = value.split(",").map((r) => r.trim());
  for (const role of roles)
    if (!(ROLES as readonly string[]).includes(role))
      throw new InvalidArgumentError(`"${role}" is not one of ${ROLES.join(", ")}`);
  return [...previous, ...(roles as Role[])];
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw new InvalidArgumentError("a whole number from 1 to 365");
  return days;
}
