// /api/library: the signed-in user's Liked Songs and playlists.
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import {
  AddTracksRequestSchema, CreatePlaylistRequestSchema, LikedIdsQuerySchema, LikeRequestSchema, MoveEntryRequestSchema,
  PageQuerySchema, UpdatePlaylistRequestSchema,
} from '../../shared/api/library.ts';
import { VideoIdSchema } from '../../shared/api/track.ts';
import { requireUser } from '../auth/actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../http/errors.ts';
import * as liked from './liked.ts';
import * as playlists from './playlists.ts';

const uuid = z.uuid();
/** A path id that is not a uuid names nothing: 404, like an unknown one. */
function idParam(ctx: Context, name: string, what: string): string {
  const value = ctx.params[name];
  if (!uuid.safeParse(value).success) throw notFound(what);
  return value;
}
const videoIdParam = (ctx: Context) => VideoIdSchema.parse(ctx.params.videoId);
/** The path names the track: a metadata body need not repeat its videoId (one that does must agree). */
const withVideoId = (body: unknown, videoId: string) =>
  body && typeof body === 'object' && !Array.isArray(body) && !('videoId' in body) ? { ...body, videoId } : body;

export function libraryRoutes(deps: Deps) {
  const router = new Router({ prefix: '/library' });

  router.get('/liked', async (ctx) => {
    const user = requireUser(ctx);
    const { cursor, limit } = PageQuerySchema.parse(ctx.query);
    ctx.body = await liked.listLiked(deps, user.id, limit, cursor);
  });
  router.get('/liked/ids', async (ctx) => {
    const user = requireUser(ctx);
    const { videoIds } = LikedIdsQuerySchema.parse(ctx.query);
    ctx.body = { likedIds: await liked.likedIds(deps, user.id, videoIds) };
  });
  router.put('/liked/:videoId', async (ctx) => {
    const user = requireUser(ctx);
    const videoId = videoIdParam(ctx);
    ctx.body = await liked.like(deps, user.id, videoId, LikeRequestSchema.parse(withVideoId(ctx.request.body, videoId)));
  });
  router.delete('/liked/:videoId', async (ctx) => {
    const user = requireUser(ctx);
    await liked.unlike(deps, user.id, videoIdParam(ctx));
    ctx.status = 204;
  });

  router.get('/playlists', async (ctx) => {
    const user = requireUser(ctx);
    ctx.body = { playlists: await playlists.listPlaylists(deps, user.id) };
  });
  router.post('/playlists', async (ctx) => {
    const user = requireUser(ctx);
    const input = CreatePlaylistRequestSchema.parse(ctx.request.body);
    const tracks = input.tracks.map((track) => ({ track }));
    ctx.status = 201;
    ctx.body = { playlist: await playlists.createPlaylistFromTracks(deps, user.id, input.name, tracks, input.isPublic) };
  });
  router.get('/playlists/:id', async (ctx) => {
    const user = requireUser(ctx);
    ctx.body = { playlist: await playlists.getPlaylist(deps, user.id, idParam(ctx, 'id', 'Playlist')) };
  });
  router.patch('/playlists/:id', async (ctx) => {
    const user = requireUser(ctx);
    const id = idParam(ctx, 'id', 'Playlist');
    ctx.body = { playlist: await playlists.updatePlaylist(deps, user.id, id, UpdatePlaylistRequestSchema.parse(ctx.request.body)) };
  });
  router.delete('/playlists/:id', async (ctx) => {
    const user = requireUser(ctx);
    await playlists.deletePlaylist(deps, user.id, idParam(ctx, 'id', 'Playlist'));
    ctx.status = 204;
  });

  router.post('/playlists/:id/tracks', async (ctx) => {
    const user = requireUser(ctx);
    const id = idParam(ctx, 'id', 'Playlist');
    const { tracks, index } = AddTracksRequestSchema.parse(ctx.request.body);
    ctx.status = 201;
    ctx.body = { entries: await playlists.addTracks(deps, user.id, id, tracks, index) };
  });
  router.patch('/playlists/:id/tracks/:entryId', async (ctx) => {
    const user = requireUser(ctx);
    const id = idParam(ctx, 'id', 'Playlist');
    const entryId = idParam(ctx, 'entryId', 'Playlist entry');
    const { index } = MoveEntryRequestSchema.parse(ctx.request.body);
    ctx.body = { entry: await playlists.moveEntry(deps, user.id, id, entryId, index) };
  });
  router.delete('/playlists/:id/tracks/:entryId', async (ctx) => {
    const user = requireUser(ctx);
    await playlists.removeEntry(deps, user.id, idParam(ctx, 'id', 'Playlist'), idParam(ctx, 'entryId', 'Playlist entry'));
    ctx.status = 204;
  });

  return router;
}
