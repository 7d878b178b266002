// Who is in a room and what they may do: the room row's settings plus the member's overrides.
import { ErrorCode } from '../../shared/errors.ts';
import { RoomCodeSchema, RoomSettingsSchema } from '../../shared/api/rooms.ts';
import { DEFAULT_SETTINGS, type RoomSettings } from '../../shared/room/doc.ts';
import { permissionsFor, type PermissionOverrides, type Permissions, type Role } from '../../shared/room/permissions.ts';
import { sessionActor, type Actor, type SessionRow } from '../auth/actor.ts';
import { hashToken, tokenKind } from '../auth/tokens.ts';
import type { Deps } from '../deps.ts';
import { Prisma, type Db } from '../db/client.ts';
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
    for (const k of ['add', 'manage', 'control', 'chat'] as const) {
      const v = (json as Record<string, unknown>)[k];
      if (typeof v === 'boolean') out[k] = v;
    }
  }
  return out;
}

/** The host is the room's creator; other accounts are members; guests hold a pass. */
/** A membership's role: the host's own, a signed-in member's, or a guest's (no user). */
export const memberRole = (hostId: string, userId: string | null): Role => (userId === null ? 'guest' : userId === hostId ? 'host' : 'member');
const roleOf = (actor: Actor, hostId: string): Role => memberRole(hostId, actor.kind === 'user' ? actor.id : null);

export const roomNotFound = () => new AppError(404, ErrorCode.notFound, 'No room with that code');

export function requireHost(room: RoomRow, actor: Actor) {
  if (actor.kind !== 'user' || actor.id !== room.hostId) throw new AppError(403, ErrorCode.forbidden, 'Only the host can do that');
}

/** The room for a code typed by a person (any case), or 404. */
export async function roomByCode(db: Db, rawCode: string): Promise<RoomRow> {
  const parsed = RoomCodeSchema.safeParse(rawCode);
  if (!parsed.success) throw roomNotFound();
  const room = await db.room.findUnique({ where: { code: parsed.data }, select: { id: true, code: true, name: true, hostId: true, settings: true } });
  if (!room) throw roomNotFound();
  return room;
}

const accessOf = (actor: Actor, room: RoomRow, memberId: string, overrides: unknown): RoomAccess => {
  const role = roleOf(actor, room.hostId);
  return { actor, roomId: room.id, code: room.code, role, memberId, permissions: permissionsFor(role, settingsFrom(room.settings), overridesFrom(overrides)) };
};

/**
 * The actor's access to the room, recording the visit (which also brings a hidden room back to the user's
 * recent rooms). A signed-in user becomes a member on first visit (the code is the invitation); a guest
 * token only opens its own room. Null when the actor may not enter.
 */
export async function enterRoom(db: Db, room: RoomRow, actor: Actor): Promise<RoomAccess | null> {
  const visit = { lastSeenAt: new Date(), hiddenAt: null };
  const select = { id: true, permissions: true } as const;
  if (actor.kind === 'guest') {
    if (actor.roomId !== room.id) return null;
    const m = await db.roomMember.update({ where: { id: actor.id }, data: visit, select });
    return accessOf(actor, room, m.id, m.permissions);
  }
  const m = await db.roomMember.upsert({
    where: { roomId_userId: { roomId: room.id, userId: actor.id } },
    create: { roomId: room.id, userId: actor.id },
    update: visit,
    select,
  });
  return accessOf(actor, room, m.id, m.permissions);
}

/**
 * A member's access for a REST read (chat history, the member list): one read, no visit recorded. A
 * signed-in user not yet in the room enters it as their socket would; a guest pass of another room is 403.
 */
export async function memberAccess(db: Db, room: RoomRow, actor: Actor): Promise<RoomAccess> {
  if (actor.kind === 'guest' && actor.roomId !== room.id) throw new AppError(403, ErrorCode.forbidden, 'This guest pass is for another room');
  const m = await db.roomMember.findUnique({
    where: actor.kind === 'guest' ? { id: actor.id } : { roomId_userId: { roomId: room.id, userId: actor.id } },
    select: { id: true, permissions: true },
  });
  if (m) return accessOf(actor, room, m.id, m.permissions);
  const access = await enterRoom(db, room, actor);
  if (!access) throw new AppError(403, ErrorCode.forbidden, 'This guest pass is for another room');
  return access;
}

/** A returning visitor's visit is written at most this often (it orders "my rooms"; REST joins write at once). */
export const VISIT_WRITE_MS = 60_000;

/** What a websocket's one statement reads: who the token stands for, the room, and the membership if any. */
type ConnectRow = Partial<SessionRow> & {
  guestId?: string; displayName?: string | null; guestRoomId?: string; guestUserId?: string | null;
  roomId: string | null; code: string; name: string; hostId: string; settings: unknown;
  memberId: string | null; permissions: unknown; idleS: number | null; hidden: boolean | null;
};
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
// The last visit's age (Prisma stores DateTime as UTC without a zone: taken in UTC too), and whether the
// user hid the room from their recent rooms since.
const VISIT = Prisma.sql`EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - m."lastSeenAt")::float8 AS "idleS", m."hiddenAt" IS NOT NULL AS hidden`;
const ROOM = Prisma.sql`r.id AS "roomId", r.code, r.name, r."hostId", r.settings`;

async function readConnect(db: Db, code: string, token: string): Promise<ConnectRow | undefined> {
  const hash = hashToken(token);
  const kind = tokenKind(token);
  if (kind === 's') {
    return (await db.$queryRaw<ConnectRow[]>`
      SELECT s.id AS "sessionId", s."expiresAt", s."lastUsedAt", u.id AS "userId", u.username, ${ROOM},
        m.id AS "memberId", m.permissions, ${VISIT}
      FROM "Session" s JOIN "User" u ON u.id = s."userId"
        LEFT JOIN "Room" r ON r.code = ${code}
        LEFT JOIN "RoomMember" m ON m."roomId" = r.id AND m."userId" = u.id
      WHERE s."tokenHash" = ${hash}`)[0];
  }
  if (kind === 'g') {
    return (await db.$queryRaw<ConnectRow[]>`
      SELECT g.id AS "guestId", g."displayName", g."roomId" AS "guestRoomId", g."userId" AS "guestUserId", ${ROOM},
        m.id AS "memberId", m.permissions, ${VISIT}
      FROM "RoomMember" g
        LEFT JOIN "Room" r ON r.code = ${code}
        LEFT JOIN "RoomMember" m ON m.id = g.id AND m."roomId" = r.id
      WHERE g."guestTokenHash" = ${hash}`)[0];
  }
  return undefined;
}

export type ConnectResult = { access: RoomAccess } | { refused: 'room-not-found' | 'unauthorized' | 'forbidden' };

/**
 * A websocket's access to the room, in ONE statement for a returning member or guest: the token's session
 * (or guest pass) joined with the room and the membership, which carries the member's overrides and the
 * room's current settings. The visit is recorded in the background, at most once a minute (and at once for a
 * room the user hid from their recent rooms). A first visit
 * takes the full path (enterRoom). The tokens are tried strongest first.
 */
export async function connectAccess(deps: Pick<Deps, 'db' | 'config'>, code: string, tokens: string[]): Promise<ConnectResult> {
  const { db } = deps;
  for (const token of tokens) {
    const row = await readConnect(db, code, token);
    if (!row) continue;
    const actor: Actor | null = row.sessionId ? sessionActor(deps, row as SessionRow)
      : row.guestId && !row.guestUserId ? { kind: 'guest', id: row.guestId, displayName: row.displayName ?? 'Guest', roomId: row.guestRoomId! }
      : null;
    if (!actor) continue;
    if (!row.roomId) return { refused: 'room-not-found' };
    const room: RoomRow = { id: row.roomId, code: row.code, name: row.name, hostId: row.hostId, settings: json(row.settings) };
    if (!row.memberId) {
      const access = await enterRoom(db, room, actor);
      return access ? { access } : { refused: 'forbidden' };
    }
    // A visit also brings a room the user hid back to their recent rooms: in the same background write.
    if ((row.idleS ?? 0) * 1000 > VISIT_WRITE_MS || row.hidden) {
      void db.roomMember.update({ where: { id: row.memberId }, data: { lastSeenAt: new Date(), hiddenAt: null }, select: { id: true } }).catch(() => undefined);
    }
    return { access: accessOf(actor, room, row.memberId, json(row.permissions)) };
  }
  // No usable token: the room's existence decides between "no such room" and "sign in first".
  const room = await db.room.findUnique({ where: { code }, select: { id: true } });
  return { refused: room ? 'unauthorized' : 'room-not-found' };
}

export const actorName = (a: Actor) => (a.kind === 'user' ? a.username : a.displayName);
