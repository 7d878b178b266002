// /api/search[/suggestions], /api/trending, /api/collections/:id, /api/tracks/:videoId[/recommendations|/stream|/cover]
// (the same for everyone), and /api/home (which adds a signed-in user's shelves).
import Router from '@koa/router';
import type { Context } from 'koa';
import {
  CACHE_HEADER, CollectionIdParamSchema, RecommendationsQuerySchema, SearchQuerySchema, STALE_HEADER, SuggestionsQuerySchema, TrendingQuerySchema, VideoIdParamSchema,
} from '../../shared/api/catalog.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../http/errors.ts';
import { LocalSource } from './local/source.ts';
import type { Served } from './stale-cache.ts';
import { sendAudio } from './stream.ts';

/**
 * Sends a catalog answer as the JSON text the cache holds, wrapped as `{ "<field>": … }` when given: a
 * cached answer is never parsed and encoded again on its way out.
 */
function send(ctx: Context, served: Served<unknown>, field?: string) {
  ctx.set(CACHE_HEADER, served.cache);
  if (served.cache === 'stale') ctx.set(STALE_HEADER, '1');
  ctx.type = 'json';
  ctx.body = field ? `{"${field}":${served.json}}` : served.json;
}

/**
 * Catalog reads that answer the same to everyone. app.ts mounts them ahead of the actor lookup (and the
 * body and CSRF checks, which a GET skips anyway): ctx.state.actor is not set here, so nothing in these
 * routes may depend on who asks.
 */
export function publicCatalogRoutes({ catalog }: Deps) {
  const router = new Router();

  router.get('/search', async (ctx) => {
    const query = SearchQuerySchema.parse(ctx.query);
    send(ctx, await catalog.search(query));
  });

  router.get('/search/suggestions', async (ctx) => {
    const { q } = SuggestionsQuerySchema.parse(ctx.query);
    send(ctx, await catalog.suggestions(q), 'suggestions');
  });

  router.get('/trending', async (ctx) => {
    const { region } = TrendingQuerySchema.parse(ctx.query);
    send(ctx, await catalog.trending(region), 'tracks');
  });

  router.get('/collections/:id', async (ctx) => {
    const { id } = CollectionIdParamSchema.parse(ctx.params);
    send(ctx, await catalog.collection(id));
  });

  router.get('/tracks/:videoId', async (ctx) => {
    const { videoId } = VideoIdParamSchema.parse(ctx.params);
    ctx.body = await catalog.getTrack(videoId);
  });

  router.get('/tracks/:videoId/recommendations', async (ctx) => {
    const { videoId } = VideoIdParamSchema.parse(ctx.params);
    const { limit } = RecommendationsQuerySchema.parse(ctx.query);
    send(ctx, await catalog.recommendations(videoId, limit), 'tracks');
  });

  // ?format=m4a for browsers without WebM/Opus (older Safari).
  router.get('/tracks/:videoId/stream', async (ctx) => {
    const { videoId } = VideoIdParamSchema.parse(ctx.params);
    sendAudio(ctx, await catalog.streamInfo(videoId, ctx.query.format === 'm4a'));
  });

  router.get('/tracks/:videoId/cover', async (ctx) => {
    const { videoId } = VideoIdParamSchema.parse(ctx.params);
    const cover = catalog.source instanceof LocalSource ? await catalog.source.cover(videoId) : null;
    if (!cover) throw notFound('Cover');
    ctx.set('Cache-Control', 'private, max-age=86400');
    ctx.type = cover.mimeType;
    ctx.body = Buffer.from(cover.data);
  });

  return router;
}

/** Catalog reads that depend on who asks: home adds a signed-in user's own shelves. */
export function catalogRoutes({ catalog }: Deps) {
  const router = new Router();

  router.get('/home', async (ctx) => {
    const actor = ctx.state.actor;
    if (actor?.kind === 'user') ctx.set('Cache-Control', 'private, no-store');
    send(ctx, await catalog.home(actor));
  });

  return router;
}
