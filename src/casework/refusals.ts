import type { Principal } from "../access/principal.js";
import type { Context } from "../store/index.js";
import { audit, caseworkDb } from "./db.js";

/**
 * Records a refused casework request (403, or 404 for a record the caller may not see or that
 * does not exist) in the audit log, in a transaction of its own: a user guessing ids of
 * another state's RED evidence leaves a trail, though each answer looks like any "not found".
 */
export async function recordRefusal(
  ctx: Context,
  principal: Principal,
  refusal: {
    readonly method: string;
    readonly path: string;
    readonly status: number;
    readonly code: string;
  },
): Promise<void> {
  await caseworkDb(ctx)
    .transaction()
    .execute((trx) =>
      audit(trx, principal, {
        action: "casework.refused",
        subject: refusal.path,
        detail: { ...refusal },
      }),
    );
}
