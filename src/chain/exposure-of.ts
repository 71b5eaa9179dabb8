import type { Context } from "../store/index.js";
import { type Asset, AssetRegistry } from "./assets.js";
import { computeExposure, type ExposureRequest } from "./exposure.js";
import { selectAssets } from "./queries.js";
import { loadTraceInputs } from "./trace-funds.js";

/** Exposure of stored addresses to the stored transfers' taint from `request.seeds`. */
export async function exposureOf(
  ctx: Context,
  request: ExposureRequest,
  declared: readonly Asset[] = [],
) {
  const inputs = await loadTraceInputs(ctx, request.assets);
  const assets = new AssetRegistry([...(await selectAssets(ctx.db)), ...declared]);
  return computeExposure(inputs.graph, request, inputs.labels, assets, inputs.fingerprint);
}
