import { getUser } from "../access/index.js";
import type { MarkingInput } from "../access/marking.js";
import { Invalid, NotFound } from "../model/index.js";
import type { Context } from "../store/index.js";

/**
 * A marking as a person writes it (RED recipients by username) as the domain takes it (by
 * user id, which a rename cannot move). Invalid names each unknown recipient.
 */
export async function resolveRecipients(
  ctx: Context,
  marking: MarkingInput,
): Promise<MarkingInput> {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const name of marking.recipients) {
    try {
      ids.push((await getUser(ctx, name)).id);
    } catch (error) {
      if (!(error instanceof NotFound) && !(error instanceof Invalid)) throw error;
      unknown.push(name);
    }
  }
  if (unknown.length > 0)
    throw new Invalid(
      "unknown_recipient",
      `no user named ${unknown.join(", ")}`,
      unknown.map((value) => ({ field: "marking.recipients", message: "no such user", value })),
    );
  return { ...marking, recipients: ids };
}
