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

/** Built once: zod compiles a schema on first use, and `.partial()` makes a new one per call. */
const PartialSettingsSchema = RoomSettingsSchema.partial();

export function settingsFrom(json: unknown): RoomSettings {
  const parsed = PartialSettingsSchema.safeParse(json ?? {});
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

/** A room's fixed facts (its settings change: they are read with the membership). */
export type RoomKey = { id: string; code: string; name: string; hostId: string };
/** A returning visitor's visit is written at most this often (it orders "my rooms"; REST joins write at once). */
export const VISIT_WRITE_MS = 60_000;

type MemberRow = { id: string; permissions: unknown; settings: unknown; idleS: number };
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

/**
 * A websocket's access in one statement when the actor is a member already: the membership joined with the
 * room's current settings (Prisma would read the relation with a second SELECT). The visit is recorded in
 * the background. Null when the actor is no member of this room (a first visit, or the room is gone): the
 * caller then takes the full path (enterRoom).
 */
export async function memberAccess(db: Db, room: RoomKey, actor: Actor): Promise<RoomAccess | null> {
  if (actor.kind === 'guest' && actor.roomId !== room.id) return null;
  // Prisma stores DateTime as UTC without a zone: the age is taken in UTC too.
  const [m] = actor.kind === 'guest'
    ? await db.$queryRaw<MemberRow[]>`SELECT m.id, m.permissions, r.settings, EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - m."lastSeenAt")::float8 AS "idleS"
        FROM "RoomMember" m JOIN "Room" r ON r.id = m."roomId" WHERE m.id = ${actor.id}::uuid AND m."roomId" = ${room.id}::uuid`
    : await db.$queryRaw<MemberRow[]>`SELECT m.id, m.permissions, r.settings, EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - m."lastSeenAt")::float8 AS "idleS"
        FROM "RoomMember" m JOIN "Room" r ON r.id = m."roomId" WHERE m."roomId" = ${room.id}::uuid AND m."userId" = ${actor.id}::uuid`;
  if (!m) return null;
  if (m.idleS * 1000 > VISIT_WRITE_MS) {
    void db.roomMember.update({ where: { id: m.id }, data: { lastSeenAt: new Date() }, select: { id: true } }).catch(() => undefined);
  }
  const role: Role = actor.kind === 'user' && actor.id === room.hostId ? 'host' : actor.kind === 'user' ? 'member' : 'guest';
  return { actor, roomId: room.id, code: room.code, role, memberId: m.id, permissions: permissionsFor(role, settingsFrom(json(m.settings)), overridesFrom(json(m.permissions))) };
}

export const actorName = (a: Actor) => (a.kind === 'user' ? a.username : a.displayName);
