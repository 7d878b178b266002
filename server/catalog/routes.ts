// /api/search[/suggestions], /api/trending, /api/collections/:id, /api/tracks/:videoId[/recommendations|/stream|/cover]
// (the same for everyone), and /api/home (which adds a signed-in user's shelves).
import Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import {
  CACHE_HEADER, CollectionIdParamSchema, RecommendationsQuerySchema, SearchQuerySchema, STALE_HEADER, SuggestionsQuerySchema, TrendingQuerySchema, VideoIdParamSchema,
} from '../../shared/api/catalog.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../http/errors.ts';
import type { FixedReads } from '../http/fixed-reads.ts';
import { LocalSource } from './local/source.ts';
import type { Served } from './stale-cache.ts';
import { sendAudio } from './stream.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends a catalog answer as the JSON text the cache holds, wrapped as `{ "<field>": … }` when given: a
 * cached answer is never parsed and encoded again on its way out, and its bytes are made once per answer
 * (Served.body), so a hit kept in this process goes out as it is.
 */
function send(ctx: Context, served: Served<unknown>, field?: string) {
  ctx.set(CACHE_HEADER, served.cache);
  if (served.cache === 'stale') ctx.set(STALE_HEADER, '1');
  ctx.set('Content-Type', JSON_TYPE);
  ctx.body = served.body(field);
}

/** Query strings longer than this are parsed every time rather than remembered. */
const REMEMBERED_QUERY_CHARS = 512;

/**
 * The query parsed by schema, remembered by query string for the last `size` strings: one string always
 * parses the same, and a popular search sends the same one thousands of times a second. A query the
 * schema refuses throws (422) every time and is never remembered.
 */
function queryParser<S extends z.ZodType>(schema: S, size = 1000): (ctx: Context) => Readonly<z.output<S>> {
  const seen = new Map<string, Readonly<z.output<S>>>();
  return (ctx) => {
    const raw = ctx.querystring;
    let parsed = seen.get(raw);
    if (parsed === undefined) {
      parsed = Object.freeze(schema.parse(ctx.query));
      if (raw.length > REMEMBERED_QUERY_CHARS) return parsed;
      if (seen.size >= size) seen.delete(seen.keys().next().value!);
      seen.set(raw, parsed);
    }
    return parsed;
  };
}

/** The public catalog reads at fixed paths: app.ts also answers these ahead of the router (http/fixed-reads.ts). */
export function fixedCatalogReads({ catalog }: Pick<Deps, 'catalog'>): FixedReads {
  const searchQuery = queryParser(SearchQuerySchema);
  const suggestionsQuery = queryParser(SuggestionsQuerySchema);
  const trendingQuery = queryParser(TrendingQuerySchema);
  return {
    '/search': async (ctx) => {
      send(ctx, await catalog.search(searchQuery(ctx)));
    },
    '/search/suggestions': async (ctx) => {
      const { q } = suggestionsQuery(ctx);
      send(ctx, await catalog.suggestions(q), 'suggestions');
    },
    '/trending': async (ctx) => {
      const { region } = trendingQuery(ctx);
      send(ctx, await catalog.trending(region), 'tracks');
    },
  };
}

/**
 * Catalog reads that answer the same to everyone. app.ts mounts them ahead of the actor lookup (and the
 * body and CSRF checks, which a GET skips anyway): ctx.state.actor is not set here, so nothing in these
 * routes may depend on who asks.
 */
export function publicCatalogRoutes(deps: Pick<Deps, 'catalog'>, fixed = fixedCatalogReads(deps)) {
  const { catalog } = deps;
  const router = new Router();
  for (const [path, read] of Object.entries(fixed)) router.get(path, read);

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
