import { fileURLToPath } from "node:url";
import { getUser, type ScryptCost, seedAccessDemo, toPrincipal } from "../access/index.js";
import type { Principal } from "../access/principal.js";
import { importList } from "../lists/index.js";
import { type Context, canonicalJson } from "../store/index.js";
import { caseworkDb } from "./db.js";
import { addEvidence } from "./evidence.js";
import { attachEvidence, openIncident, transitionIncident } from "./incidents.js";
import { resolveRecipients } from "./recipients.js";
import { recommendDesignation } from "./recommendations.js";
import { addReview } from "./reviews.js";
import { recordReply, sendRfi } from "./rfis.js";
import type { EvidenceMetaInput } from "./schema.js";

/** The demo's entities: illustrative vessels and a company, and public-fact crypto actors. */
export const DEMO_ENTITIES = fileURLToPath(
  new URL("./fixtures/demo-entities.ftm.jsonl", import.meta.url),
);

const STS_TITLE =
  "Ship-to-ship transfer of refined petroleum to a DPRK-flagged tanker, East China Sea";

export interface CaseworkDemoReport {
  readonly created: boolean;
  readonly incidents: number;
  readonly evidence: number;
}

const text = (filename: string, body: string) => ({
  filename,
  mediaType: "text/plain",
  bytes: new TextEncoder().encode(body),
});
const record = (value: unknown) => ({
  filename: "record.json",
  mediaType: "application/json",
  bytes: new TextEncoder().encode(canonicalJson(value)),
});
// A 1×1 PNG standing in for a satellite image excerpt (the demo ships no real imagery).
const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const ALL_MEMBERS = [
  "us-delegation",
  "jp-delegation",
  "kr-delegation",
  "gb-delegation",
  "fr-delegation",
  "msmt-secretariat",
];

/**
 * Seeds the demo casework on top of seedAccessDemo's organisations and users: an STS case
 * (refined petroleum to a DPRK-flagged tanker; substantiated on two states' evidence and
 * open-source imagery, with a challenge, an overdue RFI and an answered one, and a
 * designation recommendation) and a crypto laundering case (the February 2025 Bybit theft,
 * attributed publicly to the DPRK, cashed out through a Hong Kong OTC trader the MSMT's
 * second report names in Annex 6; still under investigation). Vessels and the shipping
 * company are illustrative, marked so in the entity store. Runs once; later calls do nothing.
 */
export async function seedCaseworkDemo(
  ctx: Context,
  options: { readonly cost?: ScryptCost } = {},
): Promise<CaseworkDemoReport> {
  await seedAccessDemo(ctx, options);
  const done = await caseworkDb(ctx)
    .selectFrom("casework_incident")
    .select("id")
    .where("title", "=", STS_TITLE)
    .executeTakeFirst();
  if (done !== undefined) return { created: false, incidents: 0, evidence: 0 };
  await importList(ctx, { path: DEMO_ENTITIES, source: "ftm", dataset: "cordon_casework_demo" });
  const as = async (username: string): Promise<Principal> =>
    toPrincipal(await getUser(ctx, username));
  const [us, jp, kr, uk, krRev, coord, osint, chain] = (await Promise.all(
    [
      "us-analyst",
      "jp-analyst",
      "kr-analyst",
      "uk-reviewer",
      "kr-reviewer",
      "coordinator",
      "osint-contributor",
      "chain-contributor",
    ].map(as),
  )) as [Principal, Principal, Principal, Principal, Principal, Principal, Principal, Principal];
  const meta = (
    m: Omit<EvidenceMetaInput, "description"> & { description?: string },
  ): EvidenceMetaInput => ({ description: "", ...m });
  const sts = await seedSts(ctx, { us, jp, kr, uk, krRev, coord, osint }, meta);
  const crypto = await seedCrypto(ctx, { us, chain, coord }, meta);
  return { created: true, incidents: 2, evidence: sts + crypto };
}

type Meta = (
  m: Omit<EvidenceMetaInput, "description"> & { description?: string },
) => EvidenceMetaInput;

async function seedSts(
  ctx: Context,
  p: Record<"us" | "jp" | "kr" | "uk" | "krRev" | "coord" | "osint", Principal>,
  meta: Meta,
): Promise<number> {
  const track = await addEvidence(
    ctx,
    p.us,
    meta({
      kind: "ais_track",
      title: "AIS track of CORDON DEMO TANKER B: 31 h dark gap around the rendezvous",
      collected_at: "2025-03-03",
      reliability: "B",
      credibility: 2,
      marking: { tlp: "AMBER", releasable_to: ALL_MEMBERS, recipients: [] },
    }),
    record({
      vessel: "cwdemo-tanker-b",
      gap_start: "2025-03-01T09:10:00Z",
      gap_end: "2025-03-02T16:20:00Z",
      last_position: [29.71, 122.95],
      next_position: [29.88, 123.02],
      method:
        "positions from terrestrial and satellite AIS; gap = no message for more than 6 h while in coverage",
    }),
  );
  const sighting = await addEvidence(
    ctx,
    p.jp,
    meta({
      kind: "state_statement",
      title: "Japan: patrol aircraft observed two tankers alongside with hoses connected",
      collected_at: "2025-03-01",
      reliability: "A",
      credibility: 2,
      marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
      description:
        "As in the Ministry of Defense's published notices of suspected ship-to-ship transfers, with photographs.",
    }),
    text(
      "jp-statement.txt",
      "On 1 March 2025 at about 22:00 a patrol aircraft observed a DPRK-flagged tanker and another tanker alongside in the East China Sea, hoses connected, lights dimmed.",
    ),
  );
  const imagery = await addEvidence(
    ctx,
    p.osint,
    meta({
      kind: "imagery",
      title: "Commercial satellite image excerpt: two tankers alongside",
      collected_at: "2025-03-02",
      reliability: "C",
      credibility: 3,
      marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
    }),
    { filename: "sts-2025-03-02.png", mediaType: "image/png", bytes: PNG },
  );
  const source = await addEvidence(
    ctx,
    p.kr,
    meta({
      kind: "state_statement",
      title: "ROK: human source on the cargo's origin",
      collected_at: "2025-03-10",
      reliability: "B",
      credibility: 3,
      marking: await resolveRecipients(ctx, {
        tlp: "RED",
        releasable_to: [],
        recipients: ["coordinator"],
      }),
    }),
    text(
      "kr-source.txt",
      "The cargo was loaded at a Russian Far East port; the source's identity is withheld.",
    ),
  );
  const incident = await openIncident(ctx, p.jp, {
    title: STS_TITLE,
    typology: "refined_petroleum_sts",
    summary:
      "A DPRK-flagged tanker received refined petroleum products by ship-to-ship transfer, outside the reporting that UNSCR 2397 (2017) requires of supplying states. The MSMT's first report (29 May 2025) found supplies of refined petroleum to the DPRK far in excess of the annual cap.",
    resolution_paragraphs: [
      "UNSCR 2397 (2017) para 5 (cap of 500,000 barrels a year)",
      "UNSCR 2375 (2017) para 11 (ship-to-ship transfers prohibited)",
    ],
    occurred_from: "2025-03-01T20:00:00Z",
    occurred_to: "2025-03-02T06:00:00Z",
    place_name: "East China Sea",
    latitude: 29.8,
    longitude: 123.0,
    entities: [
      { id: "cwdemo-tanker-a", role: "receiving vessel" },
      { id: "cwdemo-tanker-b", role: "delivering vessel" },
      { id: "cwdemo-shipco", role: "registered owner of the delivering vessel" },
    ],
    evidence_ids: [sighting.id, imagery.id],
    estimates: [
      {
        quantity: "refined petroleum transferred",
        value: 11_000,
        unit: "barrels",
        method:
          "the receiving tanker's deadweight (about 1,600 t) at 95% fill, converted at 7.33 barrels per tonne of diesel; an upper bound",
      },
    ],
    marking: { tlp: "AMBER", releasable_to: ALL_MEMBERS, recipients: [] },
  });
  // The coordinator, a named recipient of the RED source report, attaches it with the track.
  await attachEvidence(ctx, p.coord, incident.id, [track.id, source.id]);
  await transitionIncident(
    ctx,
    p.jp,
    incident.id,
    "investigating",
    "sighting corroborated by imagery",
  );
  await addReview(ctx, p.krRev, incident.id, {
    verdict: "agree",
    reason: "Sighting, imagery and the AIS gap agree on time and place.",
  });
  await addReview(ctx, p.uk, incident.id, {
    verdict: "challenge",
    reason: "The volume estimate is an upper bound from deadweight; the draught was not observed.",
  });
  await transitionIncident(
    ctx,
    p.coord,
    incident.id,
    "substantiated",
    "three independent sources; volume stated as an upper bound",
  );
  await sendRfi(ctx, p.jp, {
    incident_id: incident.id,
    addressee: "Maritime administration of the delivering vessel's flag State",
    addressee_kind: "government",
    questions: [
      "Was CORDON DEMO TANKER B registered under your flag on 1 March 2025?",
      "Who was its registered owner and manager?",
    ],
    sent_at: "2025-04-01",
    due_at: "2025-05-15",
    marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
  });
  const rfi = await sendRfi(ctx, p.jp, {
    incident_id: incident.id,
    addressee: "Cordon Demo Shipping Ltd",
    addressee_kind: "company",
    questions: ["Where did CORDON DEMO TANKER B load its cargo in February 2025?"],
    sent_at: "2025-04-01",
    due_at: "2025-05-15",
    marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
  });
  await recordReply(ctx, p.jp, rfi.id, {
    received_at: "2025-05-02",
    declined: false,
    summary: "Says the vessel was chartered out; names no charterer.",
    text: "The vessel was on time charter from January to April 2025; the charterer decided its ports of call.",
    reliability: "D",
    credibility: 4,
    marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
  });
  await recommendDesignation(ctx, p.jp, {
    entity_id: "cwdemo-tanker-a",
    incident_ids: [incident.id],
    statement_of_case:
      "The vessel received refined petroleum products by ship-to-ship transfer on 1–2 March 2025 in the East China Sea, in violation of paragraph 11 of resolution 2375 (2017).",
    identifiers: [{ scheme: "flag", value: "kp" }],
    listing_criteria: ["UNSCR 2397 (2017) para 12 (vessels involved in prohibited activities)"],
    marking: { tlp: "AMBER", releasable_to: ALL_MEMBERS, recipients: [] },
  });
  return 5;
}

async function seedCrypto(
  ctx: Context,
  p: Record<"us" | "chain" | "coord", Principal>,
  meta: Meta,
): Promise<number> {
  const attribution = await addEvidence(
    ctx,
    p.us,
    meta({
      kind: "state_statement",
      title:
        "FBI public service announcement: the DPRK (TraderTraitor) stole about $1.5 billion from Bybit",
      collected_at: "2025-02-26",
      reliability: "A",
      credibility: 2,
      marking: { tlp: "CLEAR", releasable_to: [], recipients: [] },
    }),
    text(
      "fbi-psa.txt",
      "On 26 February 2025 the FBI attributed the 21 February 2025 theft of virtual assets from the Bybit exchange to the DPRK, naming the activity TraderTraitor.",
    ),
  );
  const trace = await addEvidence(
    ctx,
    p.chain,
    meta({
      kind: "transaction_trace",
      title:
        "Trace from Bybit Cold Wallet 1 through bridges to Bitcoin addresses of a Hong Kong OTC trader",
      collected_at: "2025-06-30",
      reliability: "B",
      credibility: 2,
      marking: {
        tlp: "AMBER",
        releasable_to: ["us-delegation", "msmt-secretariat", "jp-delegation", "kr-delegation"],
        recipients: [],
      },
    }),
    record({
      origin: {
        address: "0x1db92e2eebc8e0c075a02bea49a2935bcd2dfcf4",
        label: "Bybit Cold Wallet 1 (Safe)",
        chain: "ethereum",
        time: "2025-02-21",
      },
      destination: {
        address: "322BLHv1BNQ9mJfZERtsN1a7MrwnyTDF9U",
        chain: "bitcoin",
        label: "MSMT 2nd report, Annex 6, address 1",
      },
      method:
        "hops followed forward from the theft, value-weighted, through swaps and cross-chain bridges; illustrative summary",
    }),
  );
  const annex = await addEvidence(
    ctx,
    p.coord,
    meta({
      kind: "document",
      title:
        "MSMT second report (22 October 2025), Annex 6: Bitcoin addresses controlled by a Hong Kong trader",
      collected_at: "2025-10-22",
      reliability: "A",
      credibility: 2,
      marking: { tlp: "CLEAR", releasable_to: [], recipients: [] },
    }),
    text(
      "msmt-annex6.txt",
      "Annex 6 lists Bitcoin addresses controlled by a Hong Kong-based trader that received funds from the February 2025 Bybit theft, among them 322BLHv1BNQ9mJfZERtsN1a7MrwnyTDF9U.",
    ),
  );
  const incident = await openIncident(ctx, p.us, {
    title: "Laundering of the Bybit theft proceeds through a Hong Kong OTC trader",
    typology: "laundering",
    summary:
      "Proceeds of the 21 February 2025 Bybit theft (about $1.4 billion) were swapped, bridged to Bitcoin and cashed out through an over-the-counter trader in Hong Kong.",
    resolution_paragraphs: [
      "UNSCR 2094 (2013) para 11 (financial services contributing to prohibited programmes)",
      "UNSCR 2270 (2016) para 32 (asset freeze)",
    ],
    occurred_from: "2025-02-21T00:00:00Z",
    occurred_to: "2025-06-30T00:00:00Z",
    place_name: "Hong Kong (OTC cash-out)",
    entities: [
      { id: "cwdemo-lazarus", role: "thief" },
      { id: "cwdemo-hk-broker", role: "OTC trader" },
      { id: "cwdemo-wallet-hk-1", role: "receiving address" },
    ],
    evidence_ids: [attribution.id, trace.id, annex.id],
    estimates: [
      {
        quantity: "stolen",
        value: 1_400_000_000,
        unit: "USD",
        method:
          "as reported by the exchange and the MSMT's second report (about $1.4 billion), at prices of 21 February 2025",
      },
    ],
    marking: {
      tlp: "AMBER",
      releasable_to: ["us-delegation", "msmt-secretariat", "jp-delegation", "kr-delegation"],
      recipients: [],
    },
  });
  await transitionIncident(ctx, p.us, incident.id, "investigating");
  await sendRfi(ctx, p.us, {
    incident_id: incident.id,
    addressee: "A virtual asset service provider that received Annex 6 funds",
    addressee_kind: "company",
    questions: [
      "Which accounts deposited from the listed addresses, and with what identification?",
    ],
    sent_at: "2025-11-01",
    due_at: "2027-01-15",
    marking: { tlp: "AMBER", releasable_to: ["msmt-secretariat"], recipients: [] },
  });
  return 3;
}
