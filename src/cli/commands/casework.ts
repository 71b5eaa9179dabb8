import { readFileSync, writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import type { Command } from "commander";
import { getUser, type Principal, parseInput, toPrincipal } from "../../access/index.js";
import { MarkingInput } from "../../access/marking.js";
import {
  addEvidence,
  EvidenceMetaInput,
  exportListingForm,
  getIncident,
  IncidentInput,
  IncidentStatus,
  listEvidence,
  listIncidents,
  listRecommendations,
  listRfis,
  openIncident,
  promoteMaritimeEvent,
  promoteTrace,
  ReplyInput,
  RfiInput,
  readEvidenceContent,
  recordReply,
  resolveRecipients,
  seedCaseworkDemo,
  sendRfi,
  transitionIncident,
} from "../../casework/index.js";
import { type Config, Invalid } from "../../model/index.js";
import { withContext } from "../context.js";

type Context = Parameters<Parameters<typeof withContext>[1]>[0];

import type { Output } from "../output.js";
import { table } from "../output.js";

const MEDIA_BY_EXTENSION: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".pdf": "application/pdf",
  ".json": "application/json",
  ".geojson": "application/geo+json",
  ".kml": "application/vnd.google-earth.kml+xml",
  ".xml": "application/xml",
  ".txt": "text/plain",
  ".csv": "text/csv",
};

/**
 * The console acts as a named user (`--as`): whoever runs `cordon` holds the database
 * already, so the flag names whose markings and roles apply and who the audit log records;
 * it is not a login.
 */
async function actAs(ctx: Context, username: string): Promise<Principal> {
  return toPrincipal(await getUser(ctx, username));
}

/** JSON from a file, or standard input for "-". */
function readJson(path: string): unknown {
  const text = readFileSync(path === "-" ? 0 : path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Invalid("invalid_json", `${path} is not JSON: ${(error as Error).message}`, [
      { file: path, message: "not JSON" },
    ]);
  }
}

const list = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** `cordon evidence`, `cordon incidents`, `cordon rfis`, `cordon recommendations`, `cordon casework demo`. */
export function registerCaseworkCommands(
  program: Command,
  config: Config,
  output: () => Output,
): void {
  registerEvidence(program, config, output);
  registerIncidents(program, config, output);
  registerRfis(program, config, output);
  const recommendations = program
    .command("recommendations")
    .description("designation recommendations");
  recommendations
    .command("list")
    .description("recommendations the user may see")
    .requiredOption("--as <username>", "act as this user")
    .action(async (o: { as: string }) => {
      const out = output();
      const items = await withContext(config, async (ctx) =>
        listRecommendations(ctx, await actAs(ctx, o.as)),
      );
      if (out.json) for (const item of items) out.result(item, () => "");
      else
        out.info(
          items.length === 0
            ? "no recommendation"
            : table(
                ["ID", "ENTITY", "TLP", "FINDINGS"],
                items.map((r) => [r.id, r.entity_id, r.marking.tlp, r.incident_ids.length]),
              ),
        );
    });
  recommendations
    .command("export")
    .description("a recommendation in the fields of the UN 1718 Committee's listing form (JSON)")
    .argument("<id>", "recommendation id")
    .requiredOption("--as <username>", "act as this user (a coordinator)")
    .option("--out <file>", "write to this file instead of standard output")
    .action(async (id: string, options: { as: string; out?: string }) => {
      const form = await withContext(config, async (ctx) =>
        exportListingForm(ctx, await actAs(ctx, options.as), id),
      );
      const text = `${JSON.stringify(form, null, 2)}\n`;
      if (options.out === undefined) process.stdout.write(text);
      else {
        writeFileSync(options.out, text);
        output().note(`listing form written to ${options.out}`);
      }
    });
  program
    .command("casework")
    .description("casework administration")
    .command("demo")
    .description(
      "seed the demo organisations, users and casework (an STS case, a crypto laundering case)",
    )
    .action(async () => {
      const out = output();
      const report = await withContext(config, (ctx) => seedCaseworkDemo(ctx));
      out.result(
        report,
        () =>
          `casework demo: ${report.incidents} incidents, ${report.evidence} evidence items${report.created ? "" : " (already there)"}`,
      );
    });
}

function registerEvidence(program: Command, config: Config, output: () => Output): void {
  const evidence = program
    .command("evidence")
    .description("evidence items: files and records, with their chain of custody");
  evidence
    .command("add")
    .description("submit a file as evidence")
    .argument("<file>", "the file")
    .requiredOption("--as <username>", "act as this user")
    .requiredOption(
      "--kind <kind>",
      "imagery, document, ais_track, transaction_trace, state_statement, other",
    )
    .requiredOption("--title <title>", "what it is")
    .requiredOption("--collected <date>", "when it was collected (YYYY-MM-DD or ISO time)")
    .requiredOption(
      "--grade <code>",
      "Admiralty code: reliability A-F and credibility 1-6, e.g. B2",
    )
    .requiredOption("--tlp <label>", "CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
    .option("--releasable-to <orgs>", "AMBER: organisation ids, comma-separated", list, [])
    .option("--recipients <users>", "RED: usernames, comma-separated", list, [])
    .option("--description <text>", "more about it", "")
    .option("--media-type <type>", "the media type (default: from the extension)")
    .action(
      async (
        file: string,
        o: {
          as: string;
          kind: string;
          title: string;
          collected: string;
          grade: string;
          tlp: string;
          releasableTo: string[];
          recipients: string[];
          description: string;
          mediaType?: string;
        },
      ) => {
        const out = output();
        const meta = parseInput(
          EvidenceMetaInput,
          {
            kind: o.kind,
            title: o.title,
            description: o.description,
            collected_at: o.collected,
            reliability: o.grade.slice(0, 1).toUpperCase(),
            credibility: o.grade.slice(1),
            marking: {
              tlp: o.tlp.toUpperCase(),
              releasable_to: o.releasableTo,
              recipients: o.recipients,
            },
          },
          "evidence",
        );
        const mediaType = o.mediaType ?? MEDIA_BY_EXTENSION[extname(file).toLowerCase()];
        if (mediaType === undefined)
          throw new Invalid(
            "invalid_usage",
            `cannot tell the media type of ${file}; give --media-type`,
            [{ file, message: "unknown extension" }],
          );
        const bytes = new Uint8Array(readFileSync(file));
        const added = await withContext(config, async (ctx) => {
          const principal = await actAs(ctx, o.as);
          const marking = await resolveRecipients(ctx, meta.marking);
          return addEvidence(
            ctx,
            principal,
            { ...meta, marking },
            { filename: basename(file), mediaType, bytes },
          );
        });
        out.result(
          added,
          () => `${added.id} ${added.sha256} TLP:${added.marking.tlp} ${added.admiralty}`,
        );
      },
    );
  evidence
    .command("list")
    .description("evidence the user may see, newest first")
    .requiredOption("--as <username>", "act as this user")
    .option("--kind <kind>", "only this kind")
    .option("--limit <n>", "at most this many", (v) => Number.parseInt(v, 10), 100)
    .action(async (o: { as: string; kind?: string; limit: number }) => {
      const out = output();
      const items = await withContext(config, async (ctx) =>
        listEvidence(ctx, await actAs(ctx, o.as), {
          limit: o.limit,
          ...(o.kind === undefined ? {} : { kind: o.kind }),
        }),
      );
      if (out.json) for (const item of items) out.result(item, () => "");
      else
        out.info(
          items.length === 0
            ? "no evidence"
            : table(
                ["ID", "KIND", "GRADE", "TLP", "ORG", "TITLE"],
                items.map((e) => [
                  e.id,
                  e.kind,
                  e.admiralty,
                  e.marking.tlp,
                  e.marking.org_id,
                  e.title,
                ]),
              ),
        );
    });
  evidence
    .command("export")
    .description("write an item's bytes to a file (recorded as exported in its chain of custody)")
    .argument("<id>", "evidence id")
    .requiredOption("--as <username>", "act as this user")
    .requiredOption("--out <file>", "where to write")
    .action(async (id: string, o: { as: string; out: string }) => {
      const content = await withContext(config, async (ctx) =>
        readEvidenceContent(ctx, await actAs(ctx, o.as), id, "exported"),
      );
      writeFileSync(o.out, content.bytes);
      output().result(
        { id, sha256: content.evidence.sha256, out: o.out },
        () => `${o.out}: ${content.bytes.length} bytes, sha256 ${content.evidence.sha256}`,
      );
    });
}

function registerIncidents(program: Command, config: Config, output: () => Output): void {
  const incidents = program
    .command("incidents")
    .description("incidents (findings): open, list, show, move");
  incidents
    .command("list")
    .requiredOption("--as <username>", "act as this user")
    .option("--status <status>", "only this status")
    .action(async (o: { as: string; status?: string }) => {
      const out = output();
      const status =
        o.status === undefined ? undefined : parseInput(IncidentStatus, o.status, "status");
      const items = await withContext(config, async (ctx) =>
        listIncidents(ctx, await actAs(ctx, o.as), status === undefined ? {} : { status }),
      );
      if (out.json) for (const item of items) out.result(item, () => "");
      else
        out.info(
          items.length === 0
            ? "no incident"
            : table(
                ["ID", "STATUS", "TYPOLOGY", "TLP", "TITLE"],
                items.map((i) => [i.id, i.status, i.typology, i.marking.tlp, i.title]),
              ),
        );
    });
  incidents
    .command("promote")
    .description(
      "open a lead from a stored maritime event (mev-…) or chain trace (trace-…), attached as evidence",
    )
    .argument("<id>", "event or trace id (`cordon ais detect --store`, `cordon chain trace`)")
    .requiredOption("--as <username>", "act as this user")
    .option("--tlp <label>", "TLP marking of the lead and its evidence", "AMBER")
    .option("--releasable-to <orgs>", "organisations (ids, comma-separated) for AMBER", list, [])
    .action(async (id: string, o: { as: string; tlp: string; releasableTo: string[] }) => {
      const out = output();
      const marking = parseInput(
        MarkingInput,
        { tlp: o.tlp.toUpperCase(), releasable_to: o.releasableTo },
        "marking",
      );
      const lead = await withContext(config, async (ctx) => {
        const principal = await actAs(ctx, o.as);
        if (id.startsWith("trace-")) return promoteTrace(ctx, principal, id, { marking });
        return promoteMaritimeEvent(ctx, principal, id, { marking });
      });
      out.result(lead, () => `opened lead ${lead.id}: ${lead.title}`);
    });
  incidents
    .command("show")
    .argument("<id>", "incident id")
    .requiredOption("--as <username>", "act as this user")
    .action(async (id: string, o: { as: string }) => {
      const incident = await withContext(config, async (ctx) =>
        getIncident(ctx, await actAs(ctx, o.as), id),
      );
      output().result(incident, () =>
        [
          `${incident.title} [${incident.status}] TLP:${incident.marking.tlp}`,
          `corroboration: ${incident.corroboration.satisfied ? "holds" : "does not hold"} (${incident.corroboration.reasons.at(-1) ?? ""})`,
          `evidence: ${incident.evidence.length} visible, ${incident.withheld_evidence} withheld`,
          ...incident.reviews.map(
            (r) => `review: ${r.verdict} by ${r.reviewer} (${r.org_id}): ${r.reason}`,
          ),
        ].join("\n"),
      );
    });
  incidents
    .command("open")
    .description(
      "open an incident from a JSON file (the POST /casework/incidents body; - for standard input)",
    )
    .argument("<file>", "JSON file")
    .requiredOption("--as <username>", "act as this user")
    .action(async (file: string, o: { as: string }) => {
      const input = parseInput(IncidentInput, readJson(file), "incident");
      const incident = await withContext(config, async (ctx) =>
        openIncident(ctx, await actAs(ctx, o.as), {
          ...input,
          marking: await resolveRecipients(ctx, input.marking),
        }),
      );
      output().result(incident, () => `${incident.id} opened (lead)`);
    });
  incidents
    .command("move")
    .description("move an incident: investigating, substantiated, not_substantiated, closed")
    .argument("<id>", "incident id")
    .argument("<to>", "the new status")
    .requiredOption("--as <username>", "act as this user")
    .option("--reason <text>", "why", "")
    .action(async (id: string, to: string, o: { as: string; reason: string }) => {
      const status = parseInput(IncidentStatus, to, "status");
      const incident = await withContext(config, async (ctx) =>
        transitionIncident(ctx, await actAs(ctx, o.as), id, status, o.reason),
      );
      output().result(incident, () => `${incident.id} is now ${incident.status}`);
    });
}

function registerRfis(program: Command, config: Config, output: () => Output): void {
  const rfis = program.command("rfis").description("requests for information");
  rfis
    .command("list")
    .requiredOption("--as <username>", "act as this user")
    .action(async (o: { as: string }) => {
      const out = output();
      const items = await withContext(config, async (ctx) => listRfis(ctx, await actAs(ctx, o.as)));
      if (out.json) for (const item of items) out.result(item, () => "");
      else
        out.info(
          items.length === 0
            ? "no RFI"
            : table(
                ["ID", "STATUS", "DUE", "ADDRESSEE"],
                items.map((r) => [r.id, r.status, r.due_at.slice(0, 10), r.addressee]),
              ),
        );
    });
  rfis
    .command("send")
    .description("record an RFI from a JSON file (the POST /casework/rfis body)")
    .argument("<file>", "JSON file, - for standard input")
    .requiredOption("--as <username>", "act as this user")
    .action(async (file: string, o: { as: string }) => {
      const input = parseInput(RfiInput, readJson(file), "rfi");
      const rfi = await withContext(config, async (ctx) =>
        sendRfi(ctx, await actAs(ctx, o.as), {
          ...input,
          marking: await resolveRecipients(ctx, input.marking),
        }),
      );
      output().result(
        rfi,
        () => `${rfi.id} sent to ${rfi.addressee}, due ${rfi.due_at.slice(0, 10)}`,
      );
    });
  rfis
    .command("reply")
    .description("record a reply from a JSON file (the POST /casework/rfis/{id}/replies body)")
    .argument("<id>", "RFI id")
    .argument("<file>", "JSON file, - for standard input")
    .requiredOption("--as <username>", "act as this user")
    .action(async (id: string, file: string, o: { as: string }) => {
      const input = parseInput(ReplyInput, readJson(file), "reply");
      const rfi = await withContext(config, async (ctx) =>
        recordReply(ctx, await actAs(ctx, o.as), id, {
          ...input,
          marking: await resolveRecipients(ctx, input.marking),
        }),
      );
      output().result(rfi, () => `${rfi.id} is now ${rfi.status}`);
    });
}
