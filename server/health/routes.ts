import Router from '@koa/router';
import { pingDb } from '../db/client.ts';
import type { Deps } from '../deps.ts';

export function healthRoutes({ db, cache, config }: Deps) {
  const router = new Router();
  router.get('/health', async (ctx) => {
    const [dbUp, cacheUp] = await Promise.all([pingDb(db), cache.store.ping()]);
    ctx.status = dbUp ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: !dbUp ? 'down' : cacheUp ? 'ok' : 'degraded',
      db: dbUp ? 'up' : 'down',
      cache: cacheUp ? cache.kind : `${cache.kind} (unreachable)`,
      version: config.version,
    };
  });
  return router;
}
