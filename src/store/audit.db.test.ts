import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAudit, listAudit, verifyAudit } from "./audit.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "./testing.js";

describe.each(TEST_ENGINES)("audit log on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
    for (const subject of ["a@1", "a@2", "b@1"]) {
      await store.db.transaction().execute((trx) =>
        appendAudit(trx, {
          actor: "tester",
          action: "lists.import",
          subject,
          detail: { n: 1, nested: { z: 1, a: [1, "x"] } },
        }),
      );
    }
  });
  afterEach(async () => {
    await store.close();
  });

  /** Changes a row the way an intruder with database access would: around the application. */
  async function tamper(statement: string): Promise<void> {
    await store.runScript(
      `ALTER TABLE store_audit_log DISABLE TRIGGER store_audit_log_no_update; ${statement}; ALTER TABLE store_audit_log ENABLE TRIGGER store_audit_log_no_update`,
    );
  }

  it("verifies an intact chain and reports its head", async () => {
    const verdict = await verifyAudit(store.db);
    expect(verdict).toMatchObject({ ok: true, entries: 3 });
    const [head] = await listAudit(store.db, 1);
    expect(verdict.ok && verdict.headHash).toBe(head?.hash);
  });

  it("verifies an entry whose detail held a date, as it was stored", async () => {
    await store.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actor: "tester",
        action: "casework.evidence.add",
        subject: "e@1",
        detail: { collected: new Date("2025-02-21T14:13:00Z") },
      }),
    );
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, entries: 4 });
  });

  it("names the first entry whose content was changed behind the application's back", async () => {
    await tamper("UPDATE store_audit_log SET subject = 'a@9' WHERE seq = 2");
    expect(await verifyAudit(store.db)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: expect.stringContaining("altered"),
    });
  });

  it("detects a deleted entry and a rewritten hash", async () => {
    await tamper("DELETE FROM store_audit_log WHERE seq = 2");
    expect(await verifyAudit(store.db)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: "entry 2 is missing",
    });
  });

  it("detects an entry re-hashed to match new content, at the next link", async () => {
    await tamper(
      "UPDATE store_audit_log SET detail = '{\"n\": 2}', hash = repeat('a', 64) WHERE seq = 1",
    );
    const verdict = await verifyAudit(store.db);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it("refuses updates and deletes from the application", async () => {
    await expect(
      store.runScript("UPDATE store_audit_log SET actor = 'x' WHERE seq = 1"),
    ).rejects.toThrow(/append-only/);
    await expect(store.runScript("DELETE FROM store_audit_log")).rejects.toThrow(/append-only/);
  });
});
