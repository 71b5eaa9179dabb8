import { getDatasets, getVersions } from "../../lists/index.js";
import type { Context } from "../context.js";
import { homePage } from "../pages/home.js";
import { sendHtml } from "../pages/html.js";
import { presentDatasets } from "../present.js";
import { DatasetList } from "../schema.js";
import type { App } from "../zod-schema.js";

export function registerDatasetRoutes(app: App, ctx: Context): void {
  const load = async () => presentDatasets(await getDatasets(ctx), await getVersions(ctx));

  app.get(
    "/datasets",
    {
      schema: {
        summary: "Datasets with every version and its counts",
        tags: ["datasets"],
        response: { 200: DatasetList },
      },
    },
    async () => ({ datasets: await load() }),
  );

  app.get("/", { schema: { hide: true } }, async (_request, reply) =>
    sendHtml(reply, homePage(await load())),
  );
}
