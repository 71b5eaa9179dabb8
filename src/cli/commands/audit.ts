import type { Command } from "commander";
import { type Config, CordonError } from "../../model/index.js";
import { listAudit, verifyAudit } from "../../store/index.js";
import { withContext } from "../context.js";
import type { Output } from "../output.js";
import { table } from "../output.js";

export function registerAuditCommands(
  program: Command,
  config: Config,
  output: () => Output,
): void {
  const audit = program.command("audit").description("the hash-chained audit log");

  audit
    .command("verify")
    .description("recompute the hash chain; name the first broken link (exit 1 if any)")
    .action(async () => {
      const out = output();
      const verdict = await withContext(config, (ctx) => verifyAudit(ctx.db));
      if (!verdict.ok) {
        out.result(verdict, () => "");
        throw new CordonError(
          "audit_broken",
          `audit log broken at entry ${verdict.brokenAt}: ${verdict.reason} (${verdict.entries} entries before it verified)`,
        );
      }
      out.result(
        verdict,
        () => `audit log intact: ${verdict.entries} entries, head ${verdict.headHash}`,
      );
    });

  audit
    .command("log")
    .description("the latest audit entries")
    .option("--limit <n>", "how many", (v) => Number.parseInt(v, 10), 20)
    .action(async (options: { limit: number }) => {
      const out = output();
      const entries = await withContext(config, (ctx) => listAudit(ctx.db, options.limit));
      if (out.json) {
        for (const entry of entries) out.result(entry, () => "");
        return;
      }
      out.info(
        table(
          ["SEQ", "AT", "ACTOR", "ACTION", "SUBJECT"],
          entries.map((e) => [e.seq, e.at.toISOString(), e.actor, e.action, e.subject]),
        ),
      );
    });
}
