import {
  type Context,
  type DatasetSummary,
  type DatasetVersionRow,
  listDatasets,
  listVersions,
} from "../store/index.js";

export type { DatasetSummary, DatasetVersionRow };

/** Every dataset with its latest version. */
export async function getDatasets(ctx: Context): Promise<DatasetSummary[]> {
  return listDatasets(ctx.db);
}

/** Versions of one dataset (or all), newest first. */
export async function getVersions(ctx: Context, dataset?: string): Promise<DatasetVersionRow[]> {
  return listVersions(ctx.db, dataset);
}
