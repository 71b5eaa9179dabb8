import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAs } from "../access/marking-sql.js";
import { verifyAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { caseworkDb } from "./db.js";
import {
  addEvidence,
  addReview,
  exportListingForm,
  getEvidence,
  getIncident,
  listEvidence,
  listIncidents,
  openIncident,
  promoteEventToLead,
  readEvidenceContent,
  recommendDesignation,
  recordReply,
  redactEvidence,
  sendRfi,
  transitionIncident,
} from "./index.js";
import type { EvidenceMetaInput } from "./schema.js";
import { loadCaseworkEntities, PNG, testPrincipal } from "./testing.js";

const ukAnalyst = testPrincipal("uk-ana", "uk", "analyst");
const usAnalyst = testPrincipal("us-ana", "us", "analyst");
const jpReviewer = testPrincipal("jp-rev", "jp", "reviewer");
const coordinator = testPrincipal("sec-coord", "secretariat", "coordinator");

const meta = (over: Partial<EvidenceMetaInput> = {}): EvidenceMetaInput => ({
  kind: "state_statement",
  title: "Statement",
  description: "",
  collected_at: "2025-03-01",
  reliability: "B",
  credibility: 2,
  marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
  ...over,
});
const text = (s: string) => ({
  filename: "note.txt",
  mediaType: "text/plain",
  bytes: new TextEncoder().encode(s),
});

describe.each(TEST_ENGINES)("casework on %s", (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
    await loadCaseworkEntities(store.ctx);
  });
  afterAll(async () => {
    await store.close();
  });

  it("shows each reader only what the marking allows, in lists, reads and under RLS", async () => {
    const red = await addEvidence(
      store.ctx,
      ukAnalyst,
      meta({ title: "red", marking: { tlp: "RED", releasable_to: [], recipients: [] } }),
      text("red"),
    );
    await addEvidence(
      store.ctx,
      ukAnalyst,
      meta({ title: "amber", marking: { tlp: "AMBER", releasable_to: ["us"], recipients: [] } }),
      text("amber"),
    );
    const strict = await addEvidence(
      store.ctx,
      ukAnalyst,
      meta({
        title: "strict",
        marking: { tlp: "AMBER+STRICT", releasable_to: [], recipients: [] },
      }),
      text("strict"),
    );
    const ids = async (p: typeof ukAnalyst) =>
      (await listEvidence(store.ctx, p)).map((e) => e.title).sort();
    expect(await ids(ukAnalyst)).toEqual(expect.arrayContaining(["amber", "red", "strict"]));
    expect(await ids(usAnalyst)).toContain("amber");
    expect(await ids(usAnalyst)).not.toContain("red");
    expect(await ids(jpReviewer)).not.toContain("amber");
    await expect(getEvidence(store.ctx, usAnalyst, red.id)).rejects.toMatchObject({
      name: "NotFound",
    });
    await expect(getEvidence(store.ctx, usAnalyst, strict.id)).rejects.toMatchObject({
      name: "NotFound",
    });
    await expect(readEvidenceContent(store.ctx, usAnalyst, red.id)).rejects.toMatchObject({
      name: "NotFound",
    });
    // Row-level security: a query that forgets the filter still sees only what it may.
    const unfiltered = await readAs(caseworkDb(store.ctx), usAnalyst, (trx) =>
      trx.selectFrom("casework_evidence").select("title").execute(),
    );
    expect(unfiltered.map((r) => r.title)).toContain("amber");
    expect(unfiltered.map((r) => r.title)).not.toContain("red");
    expect(unfiltered.map((r) => r.title)).not.toContain("strict");
    const blobs = await readAs(caseworkDb(store.ctx), usAnalyst, (trx) =>
      trx.selectFrom("casework_blob").select("sha256").execute(),
    );
    expect(blobs.map((b) => b.sha256)).not.toContain(red.sha256);
  });

  it("logs custody and audits reads of RED material, and keeps bytes and evidence unaltered", async () => {
    const red = await addEvidence(
      store.ctx,
      ukAnalyst,
      meta({ marking: { tlp: "RED", releasable_to: [], recipients: ["us-ana"] } }),
      text("for us-ana"),
    );
    const content = await readEvidenceContent(store.ctx, usAnalyst, red.id);
    expect(new TextDecoder().decode(content.bytes)).toBe("for us-ana");
    const detail = await getEvidence(store.ctx, ukAnalyst, red.id);
    expect(detail.custody.map((c) => [c.action, c.by])).toEqual([
      ["received", "uk-ana"],
      ["viewed", "us-ana"],
    ]);
    const audits = await store.db
      .selectFrom("store_audit_log")
      .select(["action", "actor"])
      .where("subject", "=", `evidence:${red.id}`)
      .execute();
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "casework.evidence.add",
        "casework.evidence.view",
        "casework.evidence.read",
      ]),
    );
    await expect(
      store.runScript(`UPDATE casework_evidence SET title = 'x' WHERE id = '${red.id}'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      store.runScript(`UPDATE casework_blob SET bytes = 'x' WHERE sha256 = '${red.sha256}'`),
    ).rejects.toThrow(/append-only/);
  });

  it("makes a redacted copy a new item linked to its original, by the originating organisation only", async () => {
    const original = await addEvidence(
      store.ctx,
      ukAnalyst,
      meta({ marking: { tlp: "AMBER+STRICT", releasable_to: [], recipients: [] } }),
      text("name: source X"),
    );
    const copy = await redactEvidence(
      store.ctx,
      ukAnalyst,
      original.id,
      {
        reason: "source name removed",
        marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
      },
      text("name: [redacted]"),
    );
    expect(copy).toMatchObject({ redacted_from: original.id, marking: { tlp: "GREEN" } });
    expect(copy.sha256).not.toBe(original.sha256);
    expect(
      (await getEvidence(store.ctx, ukAnalyst, original.id)).custody.map((c) => c.action),
    ).toEqual(["received", "redacted"]);
    await expect(
      redactEvidence(
        store.ctx,
        usAnalyst,
        copy.id,
        { reason: "x", marking: { tlp: "GREEN", releasable_to: [], recipients: [] } },
        text("y"),
      ),
    ).rejects.toMatchObject({ name: "Forbidden" });
  });

  it("leaves nothing behind when an upload fails", async () => {
    const before = await store.db
      .selectFrom("store_audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const count = () =>
      caseworkDb(store.ctx)
        .selectFrom("casework_evidence")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
    const evidenceBefore = await count();
    await expect(
      addEvidence(store.ctx, ukAnalyst, meta(), {
        filename: "../../etc/passwd",
        mediaType: "text/plain",
        bytes: new TextEncoder().encode("x"),
      }),
    ).rejects.toMatchObject({ name: "Invalid" });
    await expect(
      addEvidence(store.ctx, ukAnalyst, meta(), {
        filename: "a.png",
        mediaType: "image/png",
        bytes: new TextEncoder().encode("<script>"),
      }),
    ).rejects.toThrow(/not image\/png/);
    await expect(
      addEvidence(
        store.ctx,
        ukAnalyst,
        meta({ marking: { tlp: "GREEN", releasable_to: ["us"], recipients: [] } }),
        text("x"),
      ),
    ).rejects.toThrow(/AMBER only/);
    // Fails in the database after the bytes went in: the transaction takes them back.
    const orphan = text("orphan bytes");
    await expect(
      addEvidence(store.ctx, ukAnalyst, meta({ credibility: 9 }), orphan),
    ).rejects.toThrow();
    const { createHash } = await import("node:crypto");
    const sha = createHash("sha256").update(orphan.bytes).digest("hex");
    const blob = await caseworkDb(store.ctx)
      .selectFrom("casework_blob")
      .select("sha256")
      .where("sha256", "=", sha)
      .execute();
    expect(blob).toEqual([]);
    expect(await count()).toEqual(evidenceBefore);
    const after = await store.db
      .selectFrom("store_audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  it("substantiates only on corroboration, keeps dissent, and recommends from the finding", async () => {
    const uk = await addEvidence(
      store.ctx,
      ukAnalyst,
      meta({
        title: "UK statement",
        marking: { tlp: "AMBER", releasable_to: ["us", "secretariat", "jp"], recipients: [] },
      }),
      text("STS observed"),
    );
    const weak = await addEvidence(
      store.ctx,
      usAnalyst,
      meta({ title: "rumour", reliability: "E", credibility: 5 }),
      text("heard"),
    );
    const incident = await openIncident(store.ctx, ukAnalyst, {
      title: "STS transfer to CORDON DEMO TANKER A",
      typology: "refined_petroleum_sts",
      summary: "",
      resolution_paragraphs: ["UNSCR 2397 (2017) para 5"],
      place_name: "East China Sea",
      entities: [{ id: "cwdemo-tanker-a", role: "receiving vessel" }],
      evidence_ids: [uk.id, weak.id],
      estimates: [
        {
          quantity: "refined petroleum delivered",
          value: 9000,
          unit: "barrels",
          method: "draught change × tonnes per cm immersion, converted at 7.33 bbl/t",
        },
      ],
      marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
    });
    await transitionIncident(store.ctx, ukAnalyst, incident.id, "investigating");
    await expect(
      transitionIncident(store.ctx, coordinator, incident.id, "substantiated"),
    ).rejects.toThrow(/1 independent source.*needs 2/);
    await expect(
      transitionIncident(store.ctx, ukAnalyst, incident.id, "substantiated"),
    ).rejects.toMatchObject({ name: "Forbidden" });
    const image = await addEvidence(
      store.ctx,
      usAnalyst,
      meta({ kind: "imagery", title: "image", reliability: "A", credibility: 2 }),
      { filename: "sts.png", mediaType: "image/png", bytes: PNG },
    );
    await expect(
      openIncident(store.ctx, ukAnalyst, {
        ...(await getIncident(store.ctx, ukAnalyst, incident.id)),
        entities: [{ id: "no-such-entity", role: "" }],
        evidence_ids: [],
        marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
      } as never),
    ).rejects.toMatchObject({ name: "Invalid", code: "unknown_entity" });
    const { attachEvidence } = await import("./incidents.js");
    await attachEvidence(store.ctx, ukAnalyst, incident.id, [image.id]);
    await addReview(store.ctx, jpReviewer, incident.id, {
      verdict: "dissent",
      reason: "the image does not show the hose connection",
    });
    await expect(
      addReview(store.ctx, testPrincipal("uk-rev", "uk", "reviewer"), incident.id, {
        verdict: "agree",
        reason: "own org",
      }),
    ).rejects.toMatchObject({ name: "Forbidden" });
    const done = await transitionIncident(
      store.ctx,
      coordinator,
      incident.id,
      "substantiated",
      "two states and imagery",
    );
    expect(done).toMatchObject({ status: "substantiated", signed_off_by: "sec-coord" });
    const seen = await getIncident(store.ctx, jpReviewer, incident.id);
    expect(seen.corroboration).toMatchObject({ satisfied: true, independent_sources: 3 });
    expect(seen.reviews).toEqual([
      expect.objectContaining({ verdict: "dissent", reviewer: "jp-rev" }),
    ]);
    expect(seen.estimates[0]?.method).toMatch(/draught/);
    expect(seen.evidence.map((e) => e.title).sort()).toEqual(["UK statement", "image", "rumour"]);

    const rfi = await sendRfi(store.ctx, ukAnalyst, {
      incident_id: incident.id,
      addressee: "Flag State maritime authority",
      addressee_kind: "government",
      questions: ["Who owned the vessel on 1 March 2025?"],
      sent_at: "2025-04-01",
      due_at: "2025-05-01",
      marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
    });
    expect(rfi.status).toBe("overdue");
    const answered = await recordReply(store.ctx, ukAnalyst, rfi.id, {
      received_at: "2025-05-10",
      declined: false,
      summary: "owner named",
      text: "The registered owner was Cordon Demo Shipping Ltd.",
      reliability: "B",
      credibility: 2,
      marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
    });
    expect(answered.status).toBe("answered");
    expect(answered.replies[0]?.evidence_id).toMatch(/^ev-/);
    expect(
      (await getIncident(store.ctx, ukAnalyst, incident.id)).evidence.some(
        (e) => e.id === answered.replies[0]?.evidence_id,
      ),
    ).toBe(true);

    const rec = await recommendDesignation(store.ctx, ukAnalyst, {
      entity_id: "cwdemo-tanker-a",
      incident_ids: [incident.id],
      statement_of_case: "Received refined petroleum by STS in violation of para 5.",
      identifiers: [],
      listing_criteria: ["UNSCR 2397 (2017) para 5"],
      marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
    });
    await expect(exportListingForm(store.ctx, ukAnalyst, rec.id)).rejects.toMatchObject({
      name: "Forbidden",
    });
    const form = await exportListingForm(store.ctx, coordinator, rec.id);
    expect(form.type).toBe("vessel");
    expect(form.part_i_identifying_information.name).toEqual(["CORDON DEMO TANKER A"]);
    expect(form.part_ii_statement_of_case.nature_of_evidence).toEqual([
      "imagery",
      "state_statement",
    ]);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
  });

  it("promotes a detector event to a lead and lists it by status", async () => {
    const lead = await promoteEventToLead(store.ctx, ukAnalyst, {
      source: "maritime",
      kind: "sts_encounter",
      summary: "two tankers side by side for 6 h",
      time: "2025-03-01T02:00:00Z",
      place: { name: "off Ningbo", latitude: 29.9, longitude: 122.3 },
      vessels: ["412345678"],
      entity_ids: ["cwdemo-tanker-b"],
      payload: { duration_h: 6 },
    });
    expect(lead).toMatchObject({
      status: "lead",
      typology: "refined_petroleum_sts",
      marking: { tlp: "AMBER", org_id: "uk" },
    });
    expect(
      (await listIncidents(store.ctx, ukAnalyst, { status: "lead" })).map((i) => i.id),
    ).toContain(lead.id);
    expect(
      (await listIncidents(store.ctx, usAnalyst, { status: "lead" })).map((i) => i.id),
    ).not.toContain(lead.id);
    await expect(getIncident(store.ctx, usAnalyst, lead.id)).rejects.toMatchObject({
      name: "NotFound",
    });
  });

  it("records a refusal to answer an RFI about an entity, without evidence", async () => {
    const rfi = await sendRfi(store.ctx, usAnalyst, {
      entity_id: "cwdemo-shipco",
      addressee: "Cordon Demo Shipping Ltd",
      addressee_kind: "company",
      questions: ["Who chartered the vessel?"],
      sent_at: "2025-04-01",
      due_at: "2099-01-01",
      marking: { tlp: "AMBER", releasable_to: [], recipients: [] },
    });
    const declined = await recordReply(store.ctx, usAnalyst, rfi.id, {
      received_at: "2025-04-10",
      declined: true,
      summary: "commercial confidentiality",
      reliability: "B",
      credibility: 2,
      marking: { tlp: "AMBER", releasable_to: [], recipients: [] },
    });
    expect(declined).toMatchObject({
      status: "declined",
      replies: [{ declined: true, evidence_id: null }],
    });
    await expect(
      recordReply(store.ctx, ukAnalyst, rfi.id, {
        received_at: "2025-04-11",
        declined: false,
        summary: "",
        reliability: "B",
        credibility: 2,
        marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
      }),
    ).rejects.toMatchObject({ name: "NotFound" });
    await expect(
      sendRfi(store.ctx, jpReviewer, {
        entity_id: "cwdemo-shipco",
        addressee: "x",
        addressee_kind: "company",
        questions: ["?"],
        sent_at: "2025-04-01",
        due_at: "2025-05-01",
        marking: { tlp: "GREEN", releasable_to: [], recipients: [] },
      }),
    ).rejects.toMatchObject({ name: "Forbidden" });
  });

  it("fails verification once an audit row is changed behind the application's back", async () => {
    await store.runScript(
      "ALTER TABLE store_audit_log DISABLE TRIGGER store_audit_log_no_update; UPDATE store_audit_log SET actor = 'user:nobody' WHERE seq = 2; ALTER TABLE store_audit_log ENABLE TRIGGER store_audit_log_no_update",
    );
    expect(await verifyAudit(store.db)).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
