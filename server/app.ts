// The Koa application: middleware in request order, then each feature's routes under /api.
import Router from '@koa/router';
import Koa from 'koa';
import { actorMiddleware } from './auth/actor.ts';
import { authRoutes } from './auth/routes.ts';
import { catalogRoutes, fixedCatalogReads, publicCatalogRoutes } from './catalog/routes.ts';
import { chatRoutes } from './chat/routes.ts';
import type { Deps } from './deps.ts';
import { healthRoutes } from './health/routes.ts';
import { libraryRoutes } from './library/routes.ts';
import { jsonBody } from './http/body.ts';
import { csrf } from './http/csrf.ts';
import { errorMiddleware } from './http/errors.ts';
import { fixedReads } from './http/fixed-reads.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security.ts';
import { serveClient } from './http/static.ts';
import { roomRoutes } from './rooms/routes.ts';

export function createApp(deps: Deps): Koa {
  // TRUST_PROXY means one reverse proxy in front that appends the client's address to X-Forwarded-For:
  // ctx.ip is that last entry, never one a client wrote itself.
  const app = new Koa({ proxy: deps.config.trustProxy, maxIpsCount: 1 });
  app.silent = true; // errors are rendered and logged by errorMiddleware
  const api = new Router({ prefix: '/api' });
  const catalogReads = fixedCatalogReads(deps);
  const publicCatalog = publicCatalogRoutes(deps, catalogReads);
  // Each feature contributes one router.
  const features = [
    healthRoutes(deps),
    authRoutes(deps),
    libraryRoutes(deps),
    publicCatalog,
    catalogRoutes(deps),
    roomRoutes(deps),
    chatRoutes(deps),
  ];
  for (const feature of features) api.use(feature.routes(), feature.allowedMethods());
  // Reads that answer the same to everyone (search, trending, tracks) are served before the actor lookup:
  // a signed-in user's search costs no session query. Other methods on their paths fall through to `api`,
  // which still answers them (405, OPTIONS) as before.
  const publicApi = new Router({ prefix: '/api' });
  publicApi.use(publicCatalog.routes());

  app.use(requestLog(deps.log));
  app.use(securityHeaders(deps.config));
  app.use(errorMiddleware);
  // A cached search, suggestions or trending skips the router's matching too (see http/fixed-reads.ts).
  app.use(fixedReads('/api', catalogReads));
  app.use(serveClient(deps.config.clientDir));
  app.use(publicApi.routes());
  app.use(jsonBody(deps.config.bodyLimitBytes));
  app.use(actorMiddleware(deps));
  app.use(csrf);
  app.use(api.routes());
  app.use(api.allowedMethods({ throw: false }));
  return app;
}
