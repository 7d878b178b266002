// Who is in a room and what they may do: the room row's settings plus the member's overrides.
import { ErrorCode } from '../../shared/errors.ts';
import { RoomCodeSchema, RoomSettingsSchema } from '../../shared/api/rooms.ts';
import { DEFAULT_SETTINGS, type RoomSettings } from '../../shared/room/doc.ts';
import { permissionsFor, type PermissionOverrides, type Permissions, type Role } from '../../shared/room/permissions.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';

export type RoomRow = { id: string; code: string; name: string; hostId: string; settings: unknown };
/** What a websocket connection (or a REST call) acts as, fixed at authentication. */
export type RoomAccess = { actor: Actor; roomId: string; code: string; role: Role; memberId: string | null; permissions: Permissions };

export function settingsFrom(json: unknown): RoomSettings {
  const parsed = RoomSettingsSchema.partial().safeParse(json ?? {});
  return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export function overridesFrom(json: unknown): PermissionOverrides {
  const out: PermissionOverrides = {};
  if (json && typeof json === 'object') {
    for (const k of ['add', 'manage', 'control'] as const) {
      const v = (json as Record<string, unknown>)[k];
      if (typeof v === 'boolean') out[k] = v;
    }
  }
  return out;
}

export const roomNotFound = () => new AppError(404, ErrorCode.notFound, 'No room with that code');

/** The room for a code typed by a person (any case), or 404. */
export async function roomByCode(db: Db, rawCode: string): Promise<RoomRow> {
  const parsed = RoomCodeSchema.safeParse(rawCode);
  if (!parsed.success) throw roomNotFound();
  const room = await db.room.findUnique({ where: { code: parsed.data }, select: { id: true, code: true, name: true, hostId: true, settings: true } });
  if (!room) throw roomNotFound();
  return room;
}

/**
 * The actor's access to the room, recording the visit. A signed-in user becomes a member on first visit
 * (the code is the invitation); a guest token only opens its own room. Null when the actor may not enter.
 */
export async function enterRoom(db: Db, room: RoomRow, actor: Actor): Promise<RoomAccess | null> {
  const now = new Date();
  let memberId: string;
  let overrides: unknown;
  if (actor.kind === 'guest') {
    if (actor.roomId !== room.id) return null;
    const m = await db.roomMember.update({ where: { id: actor.id }, data: { lastSeenAt: now }, select: { id: true, permissions: true } });
    memberId = m.id;
    overrides = m.permissions;
  } else {
    const m = await db.roomMember.upsert({
      where: { roomId_userId: { roomId: room.id, userId: actor.id } },
      create: { roomId: room.id, userId: actor.id },
      update: { lastSeenAt: now },
      select: { id: true, permissions: true },
    });
    memberId = m.id;
    overrides = m.permissions;
  }
  const role: Role = actor.kind === 'user' && actor.id === room.hostId ? 'host' : actor.kind === 'user' ? 'member' : 'guest';
  return { actor, roomId: room.id, code: room.code, role, memberId, permissions: permissionsFor(role, settingsFrom(room.settings), overridesFrom(overrides)) };
}

export const actorName = (a: Actor) => (a.kind === 'user' ? a.username : a.displayName);
