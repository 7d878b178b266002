import Router from '@koa/router';
import { z } from 'zod';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from '../http/errors.ts';
import {
  AddPlaylistToQueueSchema, AddToQueueSchema, CreateRoomSchema, JoinRoomSchema, MemberPermissionsSchema, SaveRoomPlaylistSchema, UpdateRoomSchema,
} from '../../shared/api/rooms.ts';
import { PlaybackCommandSchema } from '../../shared/room/protocol.ts';
import { requireActor, requireUser, type Actor } from '../auth/actor.ts';
import { setGuestCookie } from '../auth/cookies.ts';
import type { Deps } from '../deps.ts';
import { clientNetwork } from '../http/network.ts';
import * as members from './members.ts';
import * as queue from './queue.ts';
import * as rooms from './service.ts';

/** A member id from the path: not a uuid is no member (the lookup would fail on the type). */
function memberIdOf(raw: string): string {
  if (!z.uuid().safeParse(raw).success) throw new AppError(404, ErrorCode.notFound, 'No such member in this room');
  return raw;
}

export function roomRoutes(deps: Deps) {
  const router = new Router({ prefix: '/rooms' });

  router.post('/', async (ctx) => {
    const user = requireUser(ctx);
    const { name } = CreateRoomSchema.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = await rooms.createRoom(deps, user, name);
  });

  router.get('/', async (ctx) => {
    ctx.body = await rooms.myRooms(deps, requireUser(ctx));
  });

  // Looking rooms up by code is rate-limited per address too: codes must not be enumerable.
  const lookup = { name: 'room-lookup', limit: 240, windowS: 60 };

  router.get('/:code', async (ctx) => {
    await deps.rateLimiter.hit(lookup, clientNetwork(ctx.ip));
    ctx.body = await rooms.roomDetails(deps, ctx.params.code);
  });

  router.patch('/:code', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = await rooms.updateRoom(deps, actor, ctx.params.code, UpdateRoomSchema.parse(ctx.request.body ?? {}));
  });

  router.delete('/:code', async (ctx) => {
    await rooms.deleteRoom(deps, requireActor(ctx), ctx.params.code);
    ctx.status = 204;
  });

  router.post('/:code/join', async (ctx) => {
    const { displayName } = JoinRoomSchema.parse(ctx.request.body ?? {});
    const result = await rooms.joinRoom(deps, ctx.state.actor as Actor | null, ctx.params.code, displayName, clientNetwork(ctx.ip));
    if (result.guest) {
      setGuestCookie(ctx, deps.config, result.guest.token);
    }
    ctx.status = result.guest ? 201 : 200;
    ctx.body = result;
  });

  router.delete('/:code/recent', async (ctx) => {
    await rooms.hideRecent(deps, requireUser(ctx), ctx.params.code);
    ctx.status = 204;
  });

  router.get('/:code/members', async (ctx) => {
    ctx.body = await members.roomMembers(deps, requireActor(ctx), ctx.params.code);
  });

  router.patch('/:code/members/:memberId', async (ctx) => {
    const patch = MemberPermissionsSchema.parse(ctx.request.body ?? {});
    ctx.body = await members.setMemberPermissions(deps, requireActor(ctx), ctx.params.code, memberIdOf(ctx.params.memberId), patch);
  });

  router.delete('/:code/members/:memberId', async (ctx) => {
    await members.removeMember(deps, requireActor(ctx), ctx.params.code, memberIdOf(ctx.params.memberId));
    ctx.status = 204;
  });

  router.get('/:code/queue', async (ctx) => {
    await deps.rateLimiter.hit(lookup, clientNetwork(ctx.ip));
    ctx.body = await rooms.roomQueue(deps, ctx.params.code);
  });

  router.post('/:code/queue', async (ctx) => {
    const actor = requireActor(ctx);
    const { tracks, position } = AddToQueueSchema.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { entries: await queue.addToQueue(deps, actor, ctx.params.code, tracks, position) };
  });

  router.post('/:code/queue/playlist', async (ctx) => {
    const actor = requireActor(ctx);
    const { playlistId, position } = AddPlaylistToQueueSchema.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { entries: await queue.addPlaylistToQueue(deps, actor, ctx.params.code, playlistId, position) };
  });

  router.post('/:code/playlists', async (ctx) => {
    const user = requireUser(ctx);
    const input = SaveRoomPlaylistSchema.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { playlist: await queue.saveAsPlaylist(deps, user, ctx.params.code, input) };
  });

  router.post('/:code/playback', async (ctx) => {
    const cmd = PlaybackCommandSchema.parse(ctx.request.body ?? {});
    ctx.body = await rooms.playbackRequest(deps, requireActor(ctx), ctx.params.code, cmd);
  });

  return router;
}
