// Rooms over REST: create, read, list (and hide from my list), change, delete, join, queue and playback requests.
import { randomInt } from 'node:crypto';
import * as Y from 'yjs';
import type { z } from 'zod';
import {
  ROOM_CODE_ALPHABET, type CreatedRoom, type JoinResponse, type NowPlaying, type QueueItem,
  type QueueResponse, type RoomDetails, type RoomListItem, type UpdateRoomSchema,
} from '../../shared/api/rooms.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { DEFAULT_SETTINGS, currentEntry, readPlayback, readQueue, type Playback } from '../../shared/room/doc.ts';
import type { PlaybackCommand } from '../../shared/room/protocol.ts';
import { permissionsFor } from '../../shared/room/permissions.ts';
import type { Actor, UserActor } from '../auth/actor.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/errors.ts';
import { actorName, enterRoom, requireHost, roomByCode, settingsFrom } from './access.ts';
import { syncSettings } from './persistence.ts';
import { roomSync } from './sync.ts';

export const newRoomCode = () => Array.from({ length: 6 }, () => ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)]).join('');

const forbidden = (msg: string) => new AppError(403, ErrorCode.forbidden, msg);

/** A new room's document (its settings written), stored with the row: the first load is one read, no build. */
function initialState(): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  syncSettings(doc, DEFAULT_SETTINGS);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return new Uint8Array(state.buffer as ArrayBuffer, state.byteOffset, state.byteLength);
}

export async function createRoom({ db }: Deps, host: UserActor, name: string): Promise<CreatedRoom> {
  const ydocState = initialState();
  for (let attempt = 0; ; attempt++) {
    try {
      const room = await db.room.create({
        data: { code: newRoomCode(), name, hostId: host.id, settings: DEFAULT_SETTINGS, ydocState, members: { create: { userId: host.id } } },
        select: { id: true, code: true, name: true, hostId: true },
      });
      return room;
    } catch (err) {
      // 31^6 ≈ 887 million codes: a collision is rare, ten in a row means something else is wrong.
      if ((err as { code?: string }).code !== 'P2002' || attempt >= 9) throw err;
    }
  }
}

export async function roomDetails(deps: Deps, code: string): Promise<RoomDetails> {
  const room = await deps.db.room.findUnique({
    where: { code: (await roomByCode(deps.db, code)).code },
    include: { host: { select: { id: true, username: true } }, _count: { select: { members: true } } },
  });
  if (!room) throw new AppError(404, ErrorCode.notFound, 'No room with that code');
  const sync = roomSync(deps);
  const doc = sync.loaded(room.code);
  const online = new Map<string, RoomDetails['online'][number]>();
  for (const { context } of sync.connections(room.code)) {
    if (context.actor) online.set(context.actor.id, { id: context.actor.id, name: actorName(context.actor), kind: context.actor.kind });
  }
  let nowPlaying: NowPlaying | null = null;
  let queueLength: number;
  if (doc) {
    const e = currentEntry(doc);
    const p = readPlayback(doc);
    if (e) nowPlaying = { entryId: e.id, videoId: e.videoId, title: e.title, artist: e.artist, thumbnailUrl: e.thumbnailUrl ?? null, durationS: e.durationS, status: p.status, positionMs: p.positionMs, atServerMs: p.atServerMs };
    queueLength = readQueue(doc).length;
  } else {
    queueLength = await deps.db.roomQueue.count({ where: { roomId: room.id, isPlayed: false } });
    const t = room.currentTrackId ? await deps.db.track.findUnique({ where: { pipedId: room.currentTrackId } }) : null;
    if (t) nowPlaying = { entryId: room.currentEntryId, videoId: t.pipedId, title: t.title, artist: t.artist, thumbnailUrl: t.thumbnailUrl, durationS: t.duration, status: room.isPlaying ? 'playing' : 'paused', positionMs: room.position, atServerMs: room.updatedAt.getTime() };
  }
  return {
    id: room.id, code: room.code, name: room.name, hostId: room.hostId, host: room.host, memberCount: room._count.members,
    online: [...online.values()], nowPlaying, queueLength, settings: settingsFrom(room.settings),
    createdAt: room.createdAt.toISOString(), updatedAt: room.updatedAt.toISOString(),
  };
}

/** Rooms I host or joined, most recently visited first; not those I hid since my last visit. */
export async function myRooms({ db }: Deps, user: UserActor): Promise<RoomListItem[]> {
  const rows = await db.roomMember.findMany({
    where: { userId: user.id, hiddenAt: null },
    orderBy: { lastSeenAt: 'desc' },
    include: { room: { select: { id: true, code: true, name: true, hostId: true, updatedAt: true } } },
    take: 200,
  });
  return rows.map(({ room, lastSeenAt }) => ({
    ...room, role: room.hostId === user.id ? 'host' : 'member', updatedAt: room.updatedAt.toISOString(), lastSeenAt: lastSeenAt.toISOString(),
  }));
}

/** DELETE /rooms/:code/recent: the room leaves my recent rooms until I visit it again (access.ts clears it). */
export async function hideRecent({ db }: Deps, user: UserActor, code: string) {
  const room = await roomByCode(db, code);
  const { count } = await db.roomMember.updateMany({ where: { roomId: room.id, userId: user.id }, data: { hiddenAt: new Date() } });
  if (!count) throw new AppError(404, ErrorCode.notFound, 'That room is not among your rooms');
}

export async function updateRoom(deps: Deps, actor: Actor, code: string, patch: z.infer<typeof UpdateRoomSchema>) {
  const room = await roomByCode(deps.db, code);
  requireHost(room, actor);
  const settings = { ...settingsFrom(room.settings), ...patch.settings };
  await deps.db.room.update({ where: { id: room.id }, data: { ...(patch.name ? { name: patch.name } : {}), settings } });
  await roomSync(deps).refreshAccess(room.code, settings);
  return roomDetails(deps, room.code);
}

export async function deleteRoom(deps: Deps, actor: Actor, code: string) {
  const room = await roomByCode(deps.db, code);
  requireHost(room, actor);
  roomSync(deps).closeRoom(room.code, room.id);
  await deps.db.room.delete({ where: { id: room.id } });
}

const JOIN_LIMIT = { name: 'room-join', limit: 30, windowS: 60 };

export async function joinRoom(deps: Deps, actor: Actor | null, code: string, displayName: string | undefined, ip: string): Promise<JoinResponse> {
  // Limit attempts per address before looking anything up, so codes cannot be enumerated.
  await deps.rateLimiter.hit(JOIN_LIMIT, ip);
  const room = await roomByCode(deps.db, code);
  if (actor && (actor.kind === 'user' || actor.roomId === room.id)) {
    const access = (await enterRoom(deps.db, room, actor))!;
    const m = await deps.db.roomMember.findUniqueOrThrow({ where: { id: access.memberId! } });
    return { member: { id: m.id, userId: m.userId, displayName: m.displayName ?? actorName(actor), role: access.role, joinedAt: m.joinedAt.toISOString(), permissions: access.permissions } };
  }
  if (!displayName) throw new AppError(422, ErrorCode.validation, 'displayName: a guest needs a display name', [{ path: 'displayName', message: 'required' }]);
  const token = newToken('g');
  const m = await deps.db.roomMember.create({ data: { roomId: room.id, displayName, guestTokenHash: hashToken(token) } });
  const permissions = permissionsFor('guest', settingsFrom(room.settings));
  return {
    member: { id: m.id, userId: null, displayName, role: 'guest', joinedAt: m.joinedAt.toISOString(), permissions },
    guest: { id: m.id, displayName, token },
  };
}

export async function roomQueue(deps: Deps, code: string): Promise<QueueResponse> {
  const room = await roomByCode(deps.db, code);
  const rows = await deps.db.roomQueue.findMany({ where: { roomId: room.id }, orderBy: { order: 'asc' }, include: { track: true } });
  const item = (r: (typeof rows)[number]): QueueItem => ({
    id: r.id, videoId: r.track.pipedId, title: r.track.title, artist: r.track.artist, album: r.track.album, thumbnailUrl: r.track.thumbnailUrl,
    durationS: r.track.duration, addedBy: r.addedBy, addedByName: r.addedByName, addedAt: r.addedAt.toISOString(),
    playedAt: r.playedAt?.toISOString() ?? null,
  });
  const pending = rows.filter((r) => !r.isPlayed);
  // The playing entry is the live document's, else the one the last store recorded.
  const doc = roomSync(deps).loaded(room.code);
  const currentId = doc
    ? readPlayback(doc).entryId
    : (await deps.db.room.findUnique({ where: { id: room.id }, select: { currentEntryId: true } }))?.currentEntryId;
  const current = pending.find((r) => r.id === currentId);
  return { current: current ? item(current) : null, upNext: pending.filter((r) => r !== current).map(item), history: rows.filter((r) => r.isPlayed).map(item) };
}

export async function playbackRequest(deps: Deps, actor: Actor, code: string, cmd: PlaybackCommand): Promise<{ playback: Playback; serverMs: number }> {
  const room = await roomByCode(deps.db, code);
  const access = await enterRoom(deps.db, room, actor);
  if (!access) throw forbidden('This guest pass is for another room');
  if (!access.permissions.control) throw forbidden('You may not control playback in this room');
  const sync = roomSync(deps);
  const playback = await sync.withDoc(room.code, (doc) => {
    if (cmd.action === 'jump' && !readQueue(doc).some((e) => e.id === cmd.entryId)) throw new AppError(404, ErrorCode.notFound, 'That entry is not in the queue');
    sync.playback.apply(doc, cmd, actor.id);
    return readPlayback(doc);
  });
  return { playback, serverMs: Date.now() };
}


