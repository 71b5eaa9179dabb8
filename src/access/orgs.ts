import { Invalid, NotFound } from "../model/index.js";
import { appendAudit, type Context } from "../store/index.js";
import { parseInput } from "./parse-input.js";
import { type OrgInput, OrgInput as OrgInputSchema, type OrgKind } from "./schema.js";
import { accessDb } from "./tables.js";

export interface Org {
  readonly id: string;
  readonly name: string;
  readonly kind: OrgKind;
  /** ISO 3166-1 alpha-2, lower case; null for the secretariat or a multinational body. */
  readonly country: string | null;
  readonly createdAt: Date;
}

/**
 * Creates an organisation and records it in the audit log (actor: `ctx.actor`). Throws
 * Invalid for a bad field or an id already taken.
 */
export async function createOrg(ctx: Context, input: OrgInput): Promise<Org> {
  const org = parseInput(OrgInputSchema, input, "organisation");
  return ctx.db.transaction().execute(async (trx) => {
    const db = accessDb(trx);
    const taken = await db
      .selectFrom("access_org")
      .select("id")
      .where("id", "=", org.id)
      .executeTakeFirst();
    if (taken !== undefined)
      throw new Invalid("org_exists", `an organisation with id "${org.id}" exists`, [
        { field: "id", message: "already taken", value: org.id },
      ]);
    const row = await db
      .insertInto("access_org")
      .values({ id: org.id, name: org.name, kind: org.kind, country: org.country })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: ctx.actor,
      action: "access.org.create",
      subject: `org:${org.id}`,
      detail: { name: org.name, kind: org.kind, country: org.country },
    });
    return toOrg(row);
  });
}

/** Every organisation, by id. */
export async function listOrgs(ctx: Context): Promise<Org[]> {
  const rows = await accessDb(ctx.db).selectFrom("access_org").selectAll().orderBy("id").execute();
  return rows.map(toOrg);
}

/** One organisation; throws NotFound. */
export async function getOrg(ctx: Context, id: string): Promise<Org> {
  const row = await accessDb(ctx.db)
    .selectFrom("access_org")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFound("org_not_found", `no organisation "${id}"`);
  return toOrg(row);
}

function toOrg(row: {
  id: string;
  name: string;
  kind: string;
  country: string | null;
  created_at: Date;
}): Org {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrgKind,
    country: row.country,
    createdAt: new Date(row.created_at),
  };
}
