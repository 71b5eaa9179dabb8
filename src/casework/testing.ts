import type { Principal, Role } from "../access/principal.js";
import { importList } from "../lists/index.js";
import type { Context } from "../store/index.js";
import { DEMO_ENTITIES } from "./demo.js";

/** Imports the fixture entities into the entity store. */
export async function loadCaseworkEntities(ctx: Context): Promise<void> {
  await importList(ctx, { path: DEMO_ENTITIES, source: "ftm", dataset: "cordon_casework_demo" });
}

/** A principal for domain tests (the HTTP tests log in through src/access instead). */
export function testPrincipal(userId: string, orgId: string, ...roles: Role[]): Principal {
  return { userId, username: userId, orgId, roles };
}

/** A tiny valid PNG (1×1), as imagery evidence. */
export const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);
