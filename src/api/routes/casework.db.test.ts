import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createUser, type Role, TEST_COST } from "../../access/index.js";
import { createTestUser, ensureTestOrg, type TestOrgSpec } from "../../access/testing.js";
import { loadCaseworkEntities, PNG } from "../../casework/testing.js";
import { verifyAudit } from "../../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../../store/testing.js";
import { buildServer } from "../server.js";
import type { App } from "../zod-schema.js";

/** Who sends a request: its credential as headers. */
interface Caller {
  readonly headers: { readonly authorization: string };
}

/** A user of `org` with an API token, the credential a program uses (the others log in). */
async function tokenUser(
  store: TestStore,
  username: string,
  org: string | TestOrgSpec,
  roles: Role[] = ["analyst"],
): Promise<Caller> {
  const o = await ensureTestOrg(store.ctx, typeof org === "string" ? { id: org } : org);
  await createUser(
    store.ctx,
    {
      username,
      displayName: username,
      orgId: o.id,
      roles,
      password: "correct horse battery staple",
    },
    { cost: TEST_COST },
  );
  const { token } = await createApiToken(store.ctx, username, { name: "casework test" });
  return { headers: { authorization: `Bearer ${token}` } };
}

const GREEN = { tlp: "GREEN", releasable_to: [], recipients: [] };
const INJECTION = `'); DROP TABLE casework_evidence; -- <script>alert("x")</script>`;

/** A multipart/form-data body with a `meta` JSON field and one file, as a browser sends it. */
function upload(meta: unknown, file: { name: string; type: string; bytes: Uint8Array }) {
  const boundary = `----cordon${randomUUID()}`;
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="meta"\r\n\r\n${JSON.stringify(meta)}\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`;
  const payload = Buffer.concat([
    Buffer.from(head),
    Buffer.from(file.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

const statement = (
  title: string,
  marking: unknown,
  grade = { reliability: "B", credibility: 2 },
) => ({
  kind: "state_statement",
  title,
  description: "",
  collected_at: "2025-03-02",
  ...grade,
  marking,
});
const text = (s: string) => ({
  name: "statement.txt",
  type: "text/plain",
  bytes: new TextEncoder().encode(s),
});

describe.each(TEST_ENGINES)("the casework workflow through the HTTP API on %s", (engine) => {
  let store: TestStore;
  let app: App;
  let uk: Caller;
  let us: Caller;
  let jp: Caller;
  let kr: Caller;
  let coord: Caller;

  beforeAll(async () => {
    store = await openTestStore(engine);
    await loadCaseworkEntities(store.ctx);
    // Sessions from the real login (password, and TOTP for the coordinator); one API token.
    uk = await createTestUser(store.ctx, { username: "uk-analyst", org: "gb-delegation" });
    us = await createTestUser(store.ctx, { username: "us-analyst", org: "us-delegation" });
    jp = await createTestUser(store.ctx, {
      username: "jp-reviewer",
      org: "jp-delegation",
      roles: ["reviewer"],
    });
    coord = await createTestUser(store.ctx, {
      username: "coordinator",
      org: { id: "msmt-secretariat", kind: "secretariat" },
      roles: ["coordinator"],
    });
    kr = await tokenUser(store, "kr-analyst", "kr-delegation");
    app = await buildServer(store.ctx);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const post = (user: Caller, url: string, body: unknown) =>
    app.inject({ method: "POST", url, headers: user.headers, payload: body as object });
  const get = (user: Caller, url: string) =>
    app.inject({ method: "GET", url, headers: user.headers });
  const submit = (user: Caller, meta: unknown, file = text("seen")) => {
    const { payload, headers } = upload(meta, file);
    return app.inject({
      method: "POST",
      url: "/casework/evidence",
      headers: { ...user.headers, ...headers },
      payload,
    });
  };

  it("walks the workflow: markings, incident, corroboration, dissent, sign-off, RFI, audit", async () => {
    // Evidence of three organisations under different markings.
    const amber = await submit(
      uk,
      statement("UK: STS observed off Ningbo", {
        tlp: "AMBER",
        releasable_to: ["us-delegation", "jp-delegation", "msmt-secretariat"],
        recipients: [],
      }),
    );
    expect(amber.statusCode).toBe(201);
    const ukAmber = amber.json();
    expect(ukAmber.actions).toEqual(expect.arrayContaining(["read", "redact", "attach"]));
    const red = (
      await submit(
        uk,
        statement("UK: source identity", { tlp: "RED", releasable_to: [], recipients: [] }),
      )
    ).json();
    const strict = (
      await submit(
        us,
        statement("US: intercept summary", {
          tlp: "AMBER+STRICT",
          releasable_to: [],
          recipients: [],
        }),
      )
    ).json();
    const image = await submit(
      us,
      {
        ...statement("US: imagery of the STS", GREEN, { reliability: "A", credibility: 2 }),
        kind: "imagery",
      },
      { name: "sts.png", type: "image/png", bytes: PNG },
    );
    expect(image.statusCode).toBe(201);

    // Who sees what.
    const titles = async (user: Caller) =>
      ((await get(user, "/casework/evidence")).json().evidence as { title: string }[])
        .map((e) => e.title)
        .sort();
    expect(await titles(uk)).toEqual([
      "UK: STS observed off Ningbo",
      "UK: source identity",
      "US: imagery of the STS",
    ]);
    expect(await titles(us)).toEqual([
      "UK: STS observed off Ningbo",
      "US: imagery of the STS",
      "US: intercept summary",
    ]);
    expect(await titles(jp)).toEqual(["UK: STS observed off Ningbo", "US: imagery of the STS"]);
    expect(await titles(kr)).toEqual(["US: imagery of the STS"]);
    expect((await get(us, `/casework/evidence/${red.id}`)).statusCode).toBe(404);
    expect((await get(uk, `/casework/evidence/${strict.id}`)).statusCode).toBe(404);
    expect((await get(kr, `/casework/evidence/${ukAmber.id}/content`)).statusCode).toBe(404);
    const seenByUs = (await get(us, `/casework/evidence/${ukAmber.id}`)).json();
    expect(seenByUs.actions).not.toContain("redact");
    expect(seenByUs.custody.map((c: { action: string }) => c.action)).toEqual(["received"]);

    // An incident on one source cannot be substantiated.
    const opened = await post(uk, "/casework/incidents", {
      title: "STS transfer of refined petroleum to CORDON DEMO TANKER A",
      typology: "refined_petroleum_sts",
      summary: "Ship-to-ship transfer observed by night.",
      resolution_paragraphs: ["UNSCR 2397 (2017) para 5", "UNSCR 2375 (2017) para 11"],
      occurred_from: "2025-03-01T18:00:00Z",
      place_name: "East China Sea, off Ningbo",
      latitude: 29.9,
      longitude: 122.4,
      entities: [{ id: "cwdemo-tanker-a", role: "receiving vessel" }],
      evidence_ids: [ukAmber.id],
      estimates: [
        {
          quantity: "refined petroleum transferred",
          value: 9000,
          unit: "barrels",
          method: "draught change before and after, × tonnes per cm, × 7.33 bbl/t",
        },
      ],
      marking: {
        tlp: "AMBER",
        releasable_to: ["us-delegation", "jp-delegation", "msmt-secretariat"],
        recipients: [],
      },
    });
    expect(opened.statusCode).toBe(201);
    const incident = opened.json();
    expect(incident.status).toBe("lead");
    expect(
      (await post(uk, `/casework/incidents/${incident.id}/transitions`, { to: "investigating" }))
        .statusCode,
    ).toBe(200);
    const refused = await post(coord, `/casework/incidents/${incident.id}/transitions`, {
      to: "substantiated",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: "not_corroborated",
      message: expect.stringMatching(/1 independent source.*needs 2/),
    });
    expect((await get(kr, `/casework/incidents/${incident.id}`)).statusCode).toBe(404);

    // A second source (another state's imagery) makes it hold; a reviewer dissents; the coordinator signs off.
    expect(
      (
        await post(us, `/casework/incidents/${incident.id}/evidence`, {
          evidence_ids: [image.json().id],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await post(uk, `/casework/incidents/${incident.id}/evidence`, {
          evidence_ids: [image.json().id],
        })
      ).statusCode,
    ).toBe(200);
    const dissent = await post(jp, `/casework/incidents/${incident.id}/reviews`, {
      verdict: "dissent",
      reason: "The hose connection is not visible; the vessels may only be moored together.",
    });
    expect(dissent.statusCode).toBe(201);
    expect(
      (
        await post(uk, `/casework/incidents/${incident.id}/reviews`, {
          verdict: "agree",
          reason: "mine",
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await post(uk, `/casework/incidents/${incident.id}/transitions`, { to: "substantiated" }))
        .statusCode,
    ).toBe(403);
    const signed = await post(coord, `/casework/incidents/${incident.id}/transitions`, {
      to: "substantiated",
      reason: "two states, imagery",
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: "substantiated", signed_off_by: "coordinator" });

    // An RFI to the flag State, and its reply, which becomes evidence.
    const rfi = await post(uk, "/casework/rfis", {
      incident_id: incident.id,
      addressee: "Maritime Administration of the flag State",
      addressee_kind: "government",
      questions: ["Who was the registered owner of CORDON DEMO TANKER B on 1 March 2025?"],
      sent_at: "2025-04-01",
      due_at: "2099-05-01",
      marking: GREEN,
    });
    expect(rfi.statusCode).toBe(201);
    expect(rfi.json().status).toBe("sent");
    const reply = await post(uk, `/casework/rfis/${rfi.json().id}/replies`, {
      received_at: "2025-04-20",
      summary: "Owner named; vessel deregistered",
      text: "The vessel was registered to Cordon Demo Shipping Ltd until 15 March 2025.",
      marking: GREEN,
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      status: "answered",
      replies: [{ evidence_id: expect.stringMatching(/^ev-/) }],
    });

    // The incident as the reviewer sees it: dissent kept, corroboration and its method, RFI answered.
    const seen = (await get(jp, `/casework/incidents/${incident.id}`)).json();
    expect(seen.reviews).toEqual([
      expect.objectContaining({
        verdict: "dissent",
        reviewer: "jp-reviewer",
        org_id: "jp-delegation",
      }),
    ]);
    expect(seen.corroboration).toMatchObject({
      satisfied: true,
      independent_sources: 3,
      method: expect.stringContaining("independent sources"),
    });
    expect(seen.rfis[0]).toMatchObject({ status: "answered" });
    expect(seen.evidence).toHaveLength(3);
    expect(seen.actions).toEqual(["read", "review"]);
    const page = await app.inject({
      method: "GET",
      url: `/casework/incidents/${incident.id}`,
      headers: { ...jp.headers, accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("dissent");
    expect(page.body).toContain("The hose connection is not visible");
    expect(page.body).toMatch(
      /<svg [^>]*aria-label="East China Sea, off Ningbo at 29\.900, 122\.400"/,
    );

    // The audit log holds every change and the reads of RED material, and detects tampering.
    await get(uk, `/casework/evidence/${red.id}`);
    const actions = (await store.db.selectFrom("store_audit_log").select("action").execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "casework.evidence.add",
        "casework.evidence.read",
        "casework.incident.open",
        "casework.incident.substantiation_refused",
        "casework.review.add",
        "casework.incident.transition",
        "casework.rfi.send",
        "casework.rfi.reply",
      ]),
    );
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
    const row = await store.db
      .selectFrom("store_audit_log")
      .select("seq")
      .where("action", "=", "casework.review.add")
      .executeTakeFirstOrThrow();
    await store.runScript(
      `ALTER TABLE store_audit_log DISABLE TRIGGER store_audit_log_no_update; UPDATE store_audit_log SET detail = '{"verdict": "agree"}' WHERE seq = ${row.seq}; ALTER TABLE store_audit_log ENABLE TRIGGER store_audit_log_no_update`,
    );
    expect(await verifyAudit(store.db)).toMatchObject({ ok: false, brokenAt: Number(row.seq) });
  }, 60_000);

  it("takes records, redactions, detector events, reminders and recommendations over HTTP", async () => {
    const recorded = await post(us, "/casework/evidence/records", {
      ...statement("US: AIS track", GREEN),
      kind: "ais_track",
      record: { mmsi: "412345678", positions: [[29.9, 122.4, "2025-03-01T18:00:00Z"]] },
    });
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json()).toMatchObject({ media_type: "application/json", kind: "ais_track" });
    const content = await get(us, `/casework/evidence/${recorded.json().id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.headers["content-disposition"]).toMatch(/^attachment/);
    expect(content.headers["x-content-type-options"]).toBe("nosniff");
    expect(JSON.parse(content.body)).toEqual({
      mmsi: "412345678",
      positions: [[29.9, 122.4, "2025-03-01T18:00:00Z"]],
    });

    const original = (
      await submit(
        uk,
        statement("UK: report naming a source", {
          tlp: "AMBER+STRICT",
          releasable_to: [],
          recipients: [],
        }),
      )
    ).json();
    const { payload, headers } = upload(
      { reason: "source name removed", marking: GREEN },
      text("report, source [redacted]"),
    );
    const redact = (user: Caller) =>
      app.inject({
        method: "POST",
        url: `/casework/evidence/${original.id}/redactions`,
        headers: { ...user.headers, ...headers },
        payload,
      });
    expect((await redact(us)).statusCode).toBe(404);
    const copy = await redact(uk);
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ redacted_from: original.id, marking: { tlp: "GREEN" } });
    expect((await get(us, `/casework/evidence/${copy.json().id}`)).statusCode).toBe(200);
    const custody = (await get(uk, `/casework/evidence/${original.id}`)).json().custody;
    expect(custody.map((c: { action: string }) => c.action)).toEqual(["received", "redacted"]);

    const lead = await post(uk, "/casework/events", {
      source: "chain",
      kind: "mixer_deposit",
      summary: "deposits from a theft address into a mixer",
      time: "2025-02-22T03:00:00Z",
      addresses: ["0x1db92e2eebc8e0c075a02bea49a2935bcd2dfcf4"],
      payload: { hops: 3 },
      marking: GREEN,
    });
    expect(lead.statusCode).toBe(201);
    expect(lead.json()).toMatchObject({
      status: "lead",
      typology: "laundering",
      source_event: { addresses: ["0x1db92e2eebc8e0c075a02bea49a2935bcd2dfcf4"] },
    });

    const rfi = (
      await post(us, "/casework/rfis", {
        entity_id: "cwdemo-shipco",
        addressee: "Cordon Demo Shipping Ltd",
        addressee_kind: "company",
        questions: ["Who chartered the vessel?"],
        sent_at: "2025-01-01",
        due_at: "2025-02-01",
        marking: GREEN,
      })
    ).json();
    expect(rfi.status).toBe("overdue");
    const reminded = await post(us, `/casework/rfis/${rfi.id}/reminders`, {
      sent_at: "2025-02-10",
      note: "second request",
    });
    expect(reminded.json().reminders).toEqual([
      expect.objectContaining({ note: "second request", by: "us-analyst" }),
    ]);
    expect((await post(us, `/casework/rfis/${rfi.id}/no-reply`, {})).json().status).toBe(
      "no_reply",
    );
    expect((await post(us, `/casework/rfis/${rfi.id}/no-reply`, {})).statusCode).toBe(400);
    expect(
      (
        await post(us, "/casework/rfis", {
          entity_id: "no-such-entity",
          addressee: "x",
          addressee_kind: "company",
          questions: ["?"],
          sent_at: "2025-01-01",
          due_at: "2025-02-01",
          marking: GREEN,
        })
      ).statusCode,
    ).toBe(400);

    const unsupported = await post(uk, "/casework/recommendations", {
      entity_id: "cwdemo-tanker-a",
      incident_ids: [lead.json().id],
      statement_of_case: "x",
      marking: GREEN,
    });
    expect(unsupported.statusCode).toBe(400);
    expect(unsupported.json().error).toBe("unsupported_recommendation");
    const rule = (await get(kr, "/casework/rule")).json();
    expect(rule).toMatchObject({ min_sources: 2, min_reliability: "C", max_credibility: 3 });
    const { method: _, ...ruleInput } = rule;
    expect(
      (
        await app.inject({
          method: "PUT",
          url: "/casework/rule",
          headers: uk.headers,
          payload: ruleInput,
        })
      ).statusCode,
    ).toBe(403);
    const set = await app.inject({
      method: "PUT",
      url: "/casework/rule",
      headers: coord.headers,
      payload: { ...ruleInput, min_sources: 3 },
    });
    expect(set.json()).toMatchObject({
      min_sources: 3,
      method: expect.stringContaining("at least 3"),
    });
    await app.inject({
      method: "PUT",
      url: "/casework/rule",
      headers: coord.headers,
      payload: ruleInput,
    });
  });

  it("answers a guessed id of another state's RED evidence exactly as a missing one", async () => {
    const red = (
      await submit(us, statement("US: RED", { tlp: "RED", releasable_to: [], recipients: [] }))
    ).json();
    const hidden = await get(uk, `/casework/evidence/${red.id}`);
    const missing = await get(uk, `/casework/evidence/ev-${randomUUID()}`);
    expect([hidden.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(hidden.json().error).toBe(missing.json().error);
    expect((await get(uk, "/casework/evidence/1")).statusCode).toBe(404);
    expect((await get(uk, "/casework/evidence/' OR '1'='1")).statusCode).toBe(404);
    expect(
      (await app.inject({ method: "GET", url: `/casework/evidence/${red.id}` })).statusCode,
    ).toBe(401);
    const trail = await store.db
      .selectFrom("store_audit_log")
      .select(["actor", "subject", "detail"])
      .where("action", "=", "casework.refused")
      .where("subject", "=", `/casework/evidence/${red.id}`)
      .execute();
    expect(trail).toEqual([
      expect.objectContaining({
        actor: "user:uk-analyst",
        detail: expect.objectContaining({ status: 404 }),
      }),
    ]);
  });

  it("names a RED item's recipients by username, and lets only them read it", async () => {
    const red = await submit(
      uk,
      statement("UK: for the US analyst", {
        tlp: "RED",
        releasable_to: [],
        recipients: ["us-analyst"],
      }),
    );
    expect(red.statusCode).toBe(201);
    expect((await get(us, `/casework/evidence/${red.json().id}`)).statusCode).toBe(200);
    expect((await get(jp, `/casework/evidence/${red.json().id}`)).statusCode).toBe(404);
    const unknown = await submit(
      uk,
      statement("x", { tlp: "RED", releasable_to: [], recipients: ["nobody-such"] }),
    );
    expect(unknown.statusCode).toBe(400);
  });

  it("stores injected text verbatim and renders it escaped", async () => {
    const ev = await submit(
      uk,
      { ...statement(INJECTION, GREEN), description: INJECTION },
      {
        name: `<img src=x onerror=alert(1)>.txt`,
        type: "text/plain",
        bytes: new TextEncoder().encode("x"),
      },
    );
    expect(ev.statusCode).toBe(201);
    const incident = (
      await post(uk, "/casework/incidents", {
        title: INJECTION,
        typology: "other",
        summary: INJECTION,
        place_name: INJECTION,
        resolution_paragraphs: [INJECTION],
        evidence_ids: [ev.json().id],
        marking: GREEN,
      })
    ).json();
    await post(jp, `/casework/incidents/${incident.id}/reviews`, {
      verdict: "challenge",
      reason: INJECTION,
    });
    await post(uk, "/casework/rfis", {
      incident_id: incident.id,
      addressee: INJECTION,
      addressee_kind: "company",
      questions: [INJECTION],
      sent_at: "2025-01-01",
      due_at: "2025-02-01",
      marking: GREEN,
    });
    expect((await get(uk, `/casework/evidence/${ev.json().id}`)).json()).toMatchObject({
      title: INJECTION,
      description: INJECTION,
    });
    for (const url of [
      `/casework/incidents/${incident.id}`,
      `/casework/evidence/${ev.json().id}`,
      "/casework/incidents",
    ]) {
      const page = await app.inject({
        method: "GET",
        url,
        headers: { ...uk.headers, accept: "text/html" },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain("<script>alert");
      expect(page.body).not.toContain("<img src=x");
      expect(page.body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    }
    const json = (await get(uk, `/casework/incidents/${incident.id}`)).json();
    expect(json.reviews[0].reason).toBe(INJECTION);
    expect(json.rfis[0]).toMatchObject({ addressee: INJECTION, status: "overdue" });
  });

  it("refuses oversized, wrong-type and path-traversing uploads, leaving nothing behind", async () => {
    const count = async () =>
      (await get(uk, "/casework/evidence?limit=500")).json().evidence.length;
    const before = await count();
    const big = new Uint8Array(25 * 1024 * 1024 + 1);
    expect(
      (
        await submit(uk, statement("big", GREEN), {
          name: "big.txt",
          type: "text/plain",
          bytes: big,
        })
      ).statusCode,
    ).toBe(413);
    const fake = await submit(
      uk,
      { ...statement("fake", GREEN), kind: "imagery" },
      {
        name: "x.png",
        type: "image/png",
        bytes: new TextEncoder().encode("<svg onload=alert(1)>"),
      },
    );
    expect(fake.statusCode).toBe(400);
    expect(fake.json().message).toMatch(/not image\/png/);
    expect(
      (
        await submit(uk, statement("svg", GREEN), {
          name: "x.svg",
          type: "image/svg+xml",
          bytes: new TextEncoder().encode("<svg/>"),
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await submit(uk, statement("exe", GREEN), {
          name: "x.exe",
          type: "application/x-msdownload",
          bytes: new Uint8Array([0x4d, 0x5a]),
        })
      ).statusCode,
    ).toBe(400);
    for (const name of [
      "../../etc/passwd",
      "..\\..\\windows\\win.ini",
      "/etc/shadow",
      ".htaccess",
    ]) {
      const res = await submit(uk, statement("traversal", GREEN), {
        name,
        type: "text/plain",
        bytes: new TextEncoder().encode("x"),
      });
      expect(res.statusCode, name).toBe(400);
      expect(res.json().issues[0].field).toBe("filename");
    }
    const badMeta = await submit(uk, { ...statement("bad", GREEN), reliability: "Z" });
    expect(badMeta.statusCode).toBe(400);
    expect(badMeta.json().issues[0].field).toBe("meta.reliability");
    expect(await count()).toBe(before);
  });
});
