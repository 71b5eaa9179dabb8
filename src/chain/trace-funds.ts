import { NotFound } from "../model/index.js";
import { appendAudit, type Context } from "../store/index.js";
import { type Asset, AssetRegistry } from "./assets.js";
import { loadDesignatedWallets } from "./designated-wallets.js";
import { chainTables, selectAssets, selectLabels } from "./queries.js";
import { indexLabels, traceWithEdges } from "./trace.js";
import { readTraceAddresses, storeTraceAddresses } from "./trace-addresses.js";
import type { TraceRequest, TraceResult } from "./trace-result.js";
import { loadGraph, type StoredGraph, transferFingerprint, txOf } from "./transfer-store.js";

/** What a trace reads besides its request: the graph, the labels, the data's fingerprint. */
export interface TraceInputs {
  readonly graph: StoredGraph;
  readonly labels: ReturnType<typeof indexLabels>;
  readonly fingerprint: string;
}

/** Loads the stored transfers, the imported labels and the designated wallets of the lists. */
export async function loadTraceInputs(
  ctx: Context,
  assets?: readonly string[],
): Promise<TraceInputs> {
  const graph = await loadGraph(ctx, assets);
  const labels = indexLabels([
    ...(await selectLabels(ctx.db)),
    ...(await loadDesignatedWallets(ctx)),
  ]);
  const { count, lastSeq } = await transferFingerprint(ctx);
  return { graph, labels, fingerprint: `${count}:${lastSeq}:${labels.size}` };
}

/**
 * Traces the stored transfers and saves the result under its id, with an audit entry: the
 * request, summary and tainted transfers in PostgreSQL, the reached addresses beside the
 * transfers in the columnar store (trace-addresses.ts). The same trace on the same data is one
 * row. Returns the result.
 */
export async function traceFunds(
  ctx: Context,
  request: TraceRequest,
  declared: readonly Asset[] = [],
): Promise<TraceResult> {
  const inputs = await loadTraceInputs(ctx, request.assets);
  const assets = new AssetRegistry([...(await selectAssets(ctx.db)), ...declared]);
  const traced = traceWithEdges(inputs.graph, request, inputs.labels, assets, inputs.fingerprint);
  const hashes = await txOf(
    ctx,
    Array.from(traced.edgePositions, (p) => inputs.graph.seq[p] ?? -1),
  );
  const result: TraceResult = {
    ...traced.result,
    edges: traced.result.edges.map((e, k) => ({ ...e, tx: hashes[k] ?? "" })),
  };
  // The addresses go to the columnar store first: should the record below fail, a retry
  // replaces them; the PostgreSQL row keeps the rest, the edges already capped (trace.ts).
  await storeTraceAddresses(ctx, result.id, result.addresses);
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await chainTables(trx)
      .insertInto("chain_trace")
      .values({
        id: result.id,
        at: new Date(),
        actor: ctx.actor,
        method: request.method,
        request: JSON.stringify(request),
        summary: JSON.stringify(result.summary),
        result: JSON.stringify({ ...result, addresses: [] }),
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0)
      await appendAudit(trx, {
        actor: ctx.actor,
        action: "chain.trace",
        subject: result.id,
        detail: {
          method: request.method,
          seeds: request.seeds.length,
          reached: result.summary.reached,
        },
      });
  });
  return result;
}

/** A saved trace by id. Throws NotFound. */
export async function getTrace(ctx: Context, id: string): Promise<TraceResult> {
  const row = await chainTables(ctx.db)
    .selectFrom("chain_trace")
    .select("result")
    .where("id", "=", id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFound("trace_not_found", `no trace ${id}`);
  const saved = row.result as unknown as TraceResult;
  // Traces saved before their addresses moved to the columnar store hold them in the row.
  if (saved.addresses.length > 0) return saved;
  return { ...saved, addresses: (await readTraceAddresses(ctx, id)) ?? [] };
}

/** Saved traces, newest first: id, method, when and the summary. */
export async function listTraces(ctx: Context, limit = 50) {
  const rows = await chainTables(ctx.db)
    .selectFrom("chain_trace")
    .select(["id", "at", "method", "summary"])
    .orderBy("at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    method: r.method,
    summary: r.summary,
  }));
}
