import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canReadMarking } from "../access/marking.js";
import { readAs, visibleWhere } from "../access/marking-sql.js";
import { TLPS } from "../access/principal.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { caseworkDb } from "./db.js";
import { rowMarking } from "./marking-row.js";
import { testPrincipal } from "./testing.js";

const PRINCIPALS = [
  testPrincipal("uk-1", "uk", "analyst"),
  testPrincipal("uk-2", "uk", "coordinator"),
  testPrincipal("us-1", "us", "analyst"),
  testPrincipal("jp-1", "jp", "administrator"),
];
const LISTS = [[], ["us"], ["us", "jp"]];
const RECIPIENTS = [["uk-1"], ["uk-1", "us-1"], ["jp-1"]];

/**
 * The three forms of the read rule — the predicate (marking.ts), the SQL condition
 * (visibleWhere) and row-level security — agree on every marking, including combinations the
 * application refuses to create (a list on AMBER+STRICT), which a row could still hold.
 */
describe.each(TEST_ENGINES)("the read rule in TypeScript, in SQL and under RLS on %s", (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
    const db = caseworkDb(store.ctx);
    await db
      .insertInto("casework_blob")
      .values({ sha256: "0".repeat(64), bytes: new Uint8Array([1]), size_bytes: 1 })
      .execute();
    let n = 0;
    for (const tlp of TLPS)
      for (const releasable_to of LISTS)
        for (const recipients of RECIPIENTS)
          await db
            .insertInto("casework_evidence")
            .values({
              id: `ev-${n++}`,
              sha256: "0".repeat(64),
              kind: "other",
              title: `${tlp} ${releasable_to.join("+")} ${recipients.join("+")}`,
              description: "",
              filename: "x",
              media_type: "text/plain",
              size_bytes: 1,
              collected_at: new Date("2025-01-01"),
              reliability: "B",
              credibility: 2,
              redacted_from: null,
              submitted_by: "uk-1",
              submitted_by_name: "uk-1",
              org_id: "uk",
              tlp,
              releasable_to,
              recipients,
            })
            .execute();
  });
  afterAll(async () => {
    await store.close();
  });

  it.each(PRINCIPALS.map((p) => [p.userId, p] as const))("%s", async (_, principal) => {
    const db = caseworkDb(store.ctx);
    const all = await db.selectFrom("casework_evidence").selectAll().orderBy("id").execute();
    const byPredicate = all
      .filter((row) => canReadMarking(principal, rowMarking(row)))
      .map((r) => r.id)
      .sort();
    const bySql = (
      await db
        .selectFrom("casework_evidence as e")
        .select("e.id")
        .where(visibleWhere(principal, "e"))
        .execute()
    )
      .map((r) => r.id)
      .sort();
    const byRls = (
      await readAs(db, principal, (trx) =>
        trx.selectFrom("casework_evidence").select("id").execute(),
      )
    )
      .map((r) => r.id)
      .sort();
    expect(all).toHaveLength(45);
    expect(bySql).toEqual(byPredicate);
    expect(byRls).toEqual(byPredicate);
    expect(byPredicate.length).toBeGreaterThan(0);
    expect(byPredicate.length).toBeLessThan(45);
  });
});
