// /api/search, /api/trending, /api/home and /api/tracks/:videoId[/recommendations|/stream|/cover].
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

function send<T>(ctx: Context, served: Served<T>, body: (data: T) => unknown) {
  ctx.set(CACHE_HEADER, served.cache);
  if (served.cache === 'stale') ctx.set(STALE_HEADER, '1');
  ctx.body = body(served.data);
}

export function catalogRoutes({ catalog }: Deps) {
  const router = new Router();

  router.get('/search', async (ctx) => {
    const query = SearchQuerySchema.parse(ctx.query);
    send(ctx, await catalog.search(query), (r) => r);
  });

  router.get('/search/suggestions', async (ctx) => {
    const { q } = SuggestionsQuerySchema.parse(ctx.query);
    send(ctx, await catalog.suggestions(q), (suggestions) => ({ suggestions }));
  });

  router.get('/trending', async (ctx) => {
    const { region } = TrendingQuerySchema.parse(ctx.query);
    send(ctx, await catalog.trending(region), (tracks) => ({ tracks }));
  });

  router.get('/home', async (ctx) => {
    const actor = ctx.state.actor;
    if (actor?.kind === 'user') ctx.set('Cache-Control', 'private, no-store');
    send(ctx, await catalog.home(actor), (home) => home);
  });

  router.get('/collections/:id', async (ctx) => {
    const { id } = CollectionIdParamSchema.parse(ctx.params);
    send(ctx, await catalog.collection(id), (c) => c);
  });

  router.get('/tracks/:videoId', async (ctx) => {
    const { videoId } = VideoIdParamSchema.parse(ctx.params);
    ctx.body = await catalog.getTrack(videoId);
  });

  router.get('/tracks/:videoId/recommendations', async (ctx) => {
    const { videoId } = VideoIdParamSchema.parse(ctx.params);
    const { limit } = RecommendationsQuerySchema.parse(ctx.query);
    send(ctx, await catalog.recommendations(videoId, limit), (tracks) => ({ tracks }));
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
