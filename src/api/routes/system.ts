import { getDatasets } from "../../lists/index.js";
import type { Context } from "../context.js";
import { PACKAGE } from "../package-info.js";
import { Health, VersionInfo } from "../schema.js";
import type { App } from "../zod-schema.js";

export function registerSystemRoutes(app: App, ctx: Context): void {
  app.get(
    "/healthz",
    {
      schema: {
        summary: "Whether the server and its database answer",
        tags: ["system"],
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      const started = performance.now();
      try {
        await getDatasets(ctx);
      } catch (error) {
        request.log.error({ err: error }, "health check: the database does not answer");
        return reply
          .status(503)
          .send({ status: "unavailable", engine: ctx.engine, message: "database unavailable" });
      }
      const ms = Math.round((performance.now() - started) * 10) / 10;
      return { status: "ok" as const, engine: ctx.engine, database_ms: ms };
    },
  );

  app.get(
    "/version",
    {
      schema: {
        summary: "Cordon's version, its database engine and the latest version of each dataset",
        tags: ["system"],
        response: { 200: VersionInfo },
      },
    },
    async () => ({
      name: PACKAGE.name,
      version: PACKAGE.version,
      engine: ctx.engine,
      datasets: (await getDatasets(ctx)).flatMap((d) =>
        d.latest === undefined
          ? []
          : [
              {
                name: d.name,
                version: d.latest.version,
                published_at: d.latest.published_at,
                imported_at: new Date(d.latest.imported_at).toISOString(),
              },
            ],
      ),
    }),
  );

  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
