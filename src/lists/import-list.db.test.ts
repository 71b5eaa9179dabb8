import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Invalid } from "../model/index.js";
import { currentStatements, listVersions, statementsAt, verifyAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { importList } from "./import-list.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe.each(TEST_ENGINES)("importList on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it("stores every entity of a file as one version, and an identical file adds no facts", async () => {
    const first = await importList(store.ctx, {
      path: fixture("entities.ftm.jsonl"),
      dataset: "demo",
    });
    expect(first).toMatchObject({ dataset: "demo", version: 1, entities: 4, removed: 0 });
    expect(first.added).toBe(first.statements);

    const again = await importList(store.ctx, {
      path: fixture("entities.ftm.jsonl"),
      dataset: "demo",
    });
    expect(again).toMatchObject({ version: 2, added: 0, removed: 0, statements: first.statements });
    const rows = await statementsAt(store.db, "demo", 2);
    expect(rows).toHaveLength(first.statements);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, entries: 2 });
  });

  it("keeps first and last seen of each fact across versions", async () => {
    await importList(store.ctx, { path: fixture("diff-v1.ftm.jsonl"), dataset: "list" });
    await importList(store.ctx, { path: fixture("diff-v2.ftm.jsonl"), dataset: "list" });
    const [v2, v1] = await listVersions(store.db, "list");
    const seen = (
      rows: readonly { prop: string; value: string; first_seen: Date; last_seen: Date }[],
      value: string,
    ) => {
      const row = rows.find((r) => r.value === value);
      return [new Date(row?.first_seen ?? 0).getTime(), new Date(row?.last_seen ?? 0).getTime()];
    };
    const t1 = new Date(v1?.imported_at ?? 0).getTime();
    const t2 = new Date(v2?.imported_at ?? 0).getTime();
    // Listed in both versions: first seen at the first import, last seen at the latest.
    expect(seen(await currentStatements(store.db, ["p-1"]), "RI Pyong Chol")).toEqual([t1, t2]);
    // Dropped by version 2: last seen at the import of version 1.
    expect(seen(await statementsAt(store.db, "list", 1, ["p-1"]), "Ri Byong Chol")).toEqual([
      t1,
      t1,
    ]);
    // New in version 2.
    expect(seen(await currentStatements(store.db, ["p-1"]), "Ri Pyong-chol")).toEqual([t2, t2]);
  });

  it("recognises FtM JSON lines and keeps nested sanctions as their own entities", async () => {
    await importList(store.ctx, { path: fixture("entities.ftm.jsonl"), dataset: "demo" });
    const rows = await statementsAt(store.db, "demo", 1, ["kp-org-1-un"]);
    expect(rows.find((r) => r.prop === "program")?.value).toBe("DPRK");
    const versions = await listVersions(store.db, "demo");
    expect(versions[0]).toMatchObject({ format: "ftm-jsonl", entity_count: 4 });
  });
});

describe.each(TEST_ENGINES)("importList with bad input on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
    await importList(store.ctx, { path: fixture("entities.ftm.jsonl"), dataset: "demo" });
  });
  afterEach(async () => {
    await store.close();
  });

  async function expectUntouched(): Promise<void> {
    const versions = await listVersions(store.db, "demo");
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(await statementsAt(store.db, "demo", 1)).toHaveLength(16);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, entries: 1 });
  }

  it("fails whole on invalid values, naming file, line and field, and keeps the earlier version", async () => {
    const path = fixture("invalid-values.ftm.jsonl");
    const error = await importList(store.ctx, { path, dataset: "demo" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    const issues = (error as Invalid).issues;
    expect(issues).toEqual([
      expect.objectContaining({ file: path, line: 2, field: "birthDate", value: "1962-02-30" }),
      expect.objectContaining({ file: path, line: 3, field: "imoNumber", value: "IMO8604918" }),
    ]);
    expect(issues[1]?.message).toContain("check digit");
    await expectUntouched();
  });

  it("with skipInvalid imports the valid records and reports each skipped one", async () => {
    const result = await importList(store.ctx, {
      path: fixture("invalid-values.ftm.jsonl"),
      dataset: "demo",
      skipInvalid: true,
    });
    expect(result.skipped.map((issue) => [issue.line, issue.field])).toEqual([
      [2, "birthDate"],
      [3, "imoNumber"],
    ]);
    const ids = new Set((await statementsAt(store.db, "demo", 2)).map((s) => s.entity_id));
    expect([...ids].sort()).toEqual(["ok-1", "ok-2"]);
  });

  it("rejects a file in the wrong encoding with the line of the first bad byte", async () => {
    const error = await importList(store.ctx, {
      path: fixture("latin1.ftm.jsonl"),
      dataset: "demo",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toMatch(
      /latin1\.ftm\.jsonl:1: byte 0xe9 .* not valid utf-8/,
    );
    await expectUntouched();
  });

  it("rejects an unknown format and a missing file without touching the store", async () => {
    await expect(
      importList(store.ctx, { path: fixture("diff-v1.ftm.jsonl"), source: "un-sc" }),
    ).rejects.toThrow(/not a un-sc list/);
    await expect(importList(store.ctx, { path: fileURLToPath(import.meta.url) })).rejects.toThrow(
      /not a list format Cordon reads/,
    );
    await expect(importList(store.ctx, { path: "/no/such/list.xml" })).rejects.toThrow(
      /no such file/,
    );
    await expectUntouched();
  });
});
