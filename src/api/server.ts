import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyServerOptions } from "fastify";
import { registerAuth } from "./auth.js";
import type { Context } from "./context.js";
import { handleError, handleNotFound } from "./errors.js";
import { PACKAGE } from "./package-info.js";
import { registerCaseworkRoutes } from "./routes/casework.js";
import { registerChainRoutes } from "./routes/chain.js";
import { registerDatasetRoutes } from "./routes/datasets.js";
import { registerEntityRoutes } from "./routes/entities.js";
import { registerMaritimeRoutes } from "./routes/maritime.js";
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
        { name: "chain", description: "Blockchain transfers, fund tracing, exposure" },
        {
          name: "maritime",
          description:
            "AIS events (STS encounters, gaps, port calls, identity) and vessel tracks as GeoJSON",
        },
        { name: "system", description: "Health and version" },
        {
          name: "casework",
          description:
            "Evidence, incidents, corroboration, reviews, RFIs, designation recommendations (every record says what the caller may do)",
        },
        { name: "auth", description: "Login, sessions, API tokens, TOTP; organisations and users" },
      ],
    },
    transform: describeRoute,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await registerAuth(app, ctx);

  registerEntityRoutes(app, ctx);
  registerDatasetRoutes(app, ctx);
  registerScreeningRoutes(app, ctx);
  registerChainRoutes(app, ctx);
  registerMaritimeRoutes(app, ctx);
  registerSystemRoutes(app, ctx);
  await registerCaseworkRoutes(app, ctx);
  return app;
}
