import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyServerOptions } from "fastify";
import type { Context } from "./context.js";
import { handleError, handleNotFound } from "./errors.js";
import { PACKAGE } from "./package-info.js";
import { registerDatasetRoutes } from "./routes/datasets.js";
import { registerEntityRoutes } from "./routes/entities.js";
import { registerScreeningRoutes } from "./routes/screening.js";
import { registerSystemRoutes } from "./routes/system.js";
import {
  type App,
  describeRoute,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "./zod-schema.js";

export interface ServerOptions {
  readonly logger?: FastifyServerOptions["logger"];
}

/**
 * The HTTP server over `ctx`: JSON routes described in OpenAPI (`/openapi.json`, `/docs`)
 * and server-rendered pages for people. Not listening yet; the caller listens and closes it
 * (closing the server does not close the store).
 */
export async function buildServer(ctx: Context, options: ServerOptions = {}): Promise<App> {
  const app: App = Fastify({
    logger: options.logger ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Cordon API",
        description:
          "Designation lists on the DPRK: entities as FollowTheMoney JSON with their sanctions, datasets and versions.",
        version: PACKAGE.version,
      },
      tags: [
        { name: "entities", description: "Entities and search" },
        { name: "datasets", description: "Designation lists and their versions" },
        { name: "screening", description: "Screening, as yente: match, search, algorithms" },
        { name: "system", description: "Health and version" },
      ],
    },
    transform: describeRoute,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  registerEntityRoutes(app, ctx);
  registerDatasetRoutes(app, ctx);
  registerScreeningRoutes(app, ctx);
  registerSystemRoutes(app, ctx);
  return app;
}
