import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importList } from "../lists/index.js";
import { Invalid } from "../model/index.js";
import { listAudit } from "../store/index.js";
import { openTestStore, TEST_ENGINES, type TestStore } from "../store/testing.js";
import { exposureOf } from "./exposure-of.js";
import { importLabels } from "./import-labels.js";
import { importTransfers } from "./import-transfers.js";
import { chainTables } from "./queries.js";
import { getTrace, traceFunds } from "./trace-funds.js";
import { transferFingerprint } from "./transfer-store.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const S = `0x${"ab".repeat(20)}`;
const Y = `0x${"5".repeat(40)}`;
const Z = `0x${"cd".repeat(20)}`;
const LAZARUS = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";

describe.each(TEST_ENGINES)("chain store on %s", (engine) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it("imports transfers once, stores nothing from a failing file, and records each import", async () => {
    const first = await importTransfers(store.ctx, { path: fixture("transfers.csv") });
    expect(first).toMatchObject({ format: "generic", rows: 6, added: 5, alreadyStored: 0 });
    expect(first.duplicates.map((d) => d.line)).toEqual([5]);
    const again = await importTransfers(store.ctx, { path: fixture("transfers.csv") });
    expect(again).toMatchObject({ added: 0, alreadyStored: 5 });
    await expect(
      importTransfers(store.ctx, { path: fixture("transfers-bad.csv") }),
    ).rejects.toBeInstanceOf(Invalid);
    expect((await transferFingerprint(store.ctx)).count).toBe(5);
    expect((await listAudit(store.db, 10)).map((a) => a.action)).toEqual([
      "chain.import",
      "chain.import",
    ]);
  });

  it("traces stored transfers with labels, flags designated wallets, saves the trace under a stable id", async () => {
    await importTransfers(store.ctx, { path: fixture("transfers.csv") });
    const dir = mkdtempSync(join(tmpdir(), "cordon-chain-"));
    const more = join(dir, "more.csv");
    writeFileSync(
      more,
      `tx,time,from,to,asset,amount\n0x21,2025-02-21T15:00:00Z,0x${"a".repeat(40)},${S},ETH,5\n0x22,2025-02-21T15:01:00Z,${S},${LAZARUS},ETH,2\n`,
    );
    await importTransfers(store.ctx, { path: more });
    expect(await importLabels(store.ctx, fixture("labels.csv"))).toMatchObject({
      rows: 3,
      added: 3,
    });
    await importList(store.ctx, {
      source: "ftm",
      path: fileURLToPath(new URL("../lists/fixtures/diff-v2.ftm.jsonl", import.meta.url)),
    });

    const result = await traceFunds(store.ctx, { seeds: [S], method: "haircut" });
    const by = new Map(result.addresses.map((a) => [a.address, a]));
    // S: 10 then 5 tainted in; M: 10 of 40 tainted; Y and Z get 5 each (see trace-graph.test.ts).
    expect(by.get(S)).toMatchObject({ tainted: "15", received: "15", hops: 0 });
    expect(by.get(Y)).toMatchObject({
      tainted: "5",
      received: "20",
      hops: 2,
      labels: ["individual: Someone"],
    });
    expect(by.get(Z)).toMatchObject({
      tainted: "5",
      hops: 2,
      service: true,
      labels: ["exchange: Exchange Z deposit"],
    });
    expect(by.get(LAZARUS.toLowerCase())).toMatchObject({
      tainted: "2",
      hops: 1,
      designated: true,
    });
    expect(result.summary.services).toEqual([
      {
        label: "Exchange Z deposit",
        category: "exchange",
        asset: "ETH",
        tainted: "5",
        addresses: 1,
      },
    ]);
    expect(result.summary.designated).toEqual([LAZARUS.toLowerCase()]);
    expect(result.summary.unknown_seeds).toEqual([]);
    const typo = await traceFunds(store.ctx, { seeds: [`0x${"e".repeat(40)}`], method: "poison" });
    expect(typo.summary).toMatchObject({ reached: 0, unknown_seeds: [`0x${"e".repeat(40)}`] });

    const again = await traceFunds(store.ctx, { seeds: [S], method: "haircut" });
    expect(again.id).toBe(result.id);
    expect(await getTrace(store.ctx, result.id)).toEqual(JSON.parse(JSON.stringify(result)));
    // The row holds the request, summary and edges; the addresses are in the columnar store.
    const row = await chainTables(store.db)
      .selectFrom("chain_trace")
      .select("result")
      .where("id", "=", result.id)
      .executeTakeFirstOrThrow();
    expect((row.result as unknown as { addresses: unknown[] }).addresses).toEqual([]);
    // A trace saved with its addresses in the row (before they moved) still reads whole.
    await chainTables(store.db)
      .updateTable("chain_trace")
      .set({ result: JSON.stringify({ ...result, id: "trace-legacy" }), id: "trace-legacy" })
      .where("id", "=", result.id)
      .execute();
    expect((await getTrace(store.ctx, "trace-legacy")).addresses).toEqual(
      JSON.parse(JSON.stringify(result.addresses)),
    );
    expect(
      (await listAudit(store.db, 20)).filter(
        (a) => a.action === "chain.trace" && a.subject === result.id,
      ),
    ).toHaveLength(1);

    const exposure = await exposureOf(store.ctx, { seeds: [S], addresses: [Z] });
    expect(
      exposure.rows.map((r) => [r.method, r.tainted, r.received, r.share, r.direct, r.by_hops]),
    ).toEqual([
      ["poison", "20", "20", "1", "0", { "2": "20" }],
      ["haircut", "5", "20", "0.25", "0", { "2": "5" }],
      ["fifo", "10", "20", "0.5", "0", { "2": "10" }],
    ]);
  });

  it("numbers the addresses of a store written before transfers kept address numbers", async () => {
    const db = await store.ctx.columnar.connect();
    await db.run(`CREATE TABLE chain_transfer (
      seq BIGINT NOT NULL, tx VARCHAR NOT NULL, time_ms BIGINT NOT NULL,
      from_address VARCHAR NOT NULL, to_address VARCHAR NOT NULL, asset VARCHAR NOT NULL,
      amount HUGEINT NOT NULL, import_id VARCHAR NOT NULL);
      INSERT INTO chain_transfer VALUES
        (0, '0x1', 1740000000000, '${S}', '${Y}', 'ETH', 10, 'old'),
        (1, '0x2', 1740000060000, '${Y}', '${Z}', 'ETH', 4, 'old');`);
    const result = await traceFunds(store.ctx, { seeds: [Y], method: "poison" });
    expect(result.addresses.map((a) => [a.address, a.tainted, a.hops])).toEqual([
      [Y, "0.00000000000000001", 0],
      [Z, "0.000000000000000004", 1],
    ]);
    expect(result.edges.map((e) => e.tx)).toEqual(["0x1", "0x2"]);
  });

  it("keeps a declared asset's decimals for later traces, and refuses an undeclared one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cordon-chain-"));
    const file = join(dir, "token.csv");
    writeFileSync(
      file,
      `tx,time,from,to,asset,amount\n0x31,1740146400,0x${"1".repeat(40)},${S},HACKER,1.5\n0x32,1740146460,${S},${Y},HACKER,0.5\n`,
    );
    await expect(importTransfers(store.ctx, { path: file })).rejects.toThrow(/unknown_asset 2/);
    await importTransfers(store.ctx, {
      path: file,
      declared: [{ symbol: "HACKER", decimals: 18, chains: ["evm"] }],
    });
    const result = await traceFunds(store.ctx, { seeds: [S], method: "fifo" });
    expect(result.addresses.find((a) => a.address === Y)).toMatchObject({
      asset: "HACKER",
      tainted: "0.5",
      hops: 1,
    });
  });
});
