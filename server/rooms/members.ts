// The host's tools over a room's members: who is in the room and what each may do, per-member switches
// (a chat:false override mutes), and removing a member (their sockets close on every node).
import type { z } from 'zod';
import type { MemberPermissionsSchema, MembersResponse } from '../../shared/api/rooms.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { permissionsFor } from '../../shared/room/permissions.ts';
import type { Actor } from '../auth/actor.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/errors.ts';
import { memberAccess, memberRole, overridesFrom, requireHost, roomByCode, settingsFrom } from './access.ts';
import { roomSync } from './sync.ts';

const noSuchMember = () => new AppError(404, ErrorCode.notFound, 'No such member in this room');


/** GET /rooms/:code/members (any member): everyone who joined, the host first, then by name. */
export async function roomMembers(deps: Deps, actor: Actor, code: string): Promise<MembersResponse> {
  const room = await roomByCode(deps.db, code);
  await memberAccess(deps.db, room, actor);
  const rows = await deps.db.roomMember.findMany({
    where: { roomId: room.id },
    select: { id: true, userId: true, displayName: true, joinedAt: true, permissions: true, user: { select: { username: true } } },
  });
  const settings = settingsFrom(room.settings);
  const online = roomSync(deps).online(room.code);
  const members = rows.map((m) => {
    const role = memberRole(room.hostId, m.userId);
    const overrides = overridesFrom(m.permissions);
    return {
      id: m.id, userId: m.userId, displayName: m.displayName ?? m.user?.username ?? 'Guest', role, joinedAt: m.joinedAt.toISOString(),
      permissions: permissionsFor(role, settings, overrides), overrides, online: online.has(m.userId ?? m.id),
    };
  });
  members.sort((a, b) => Number(b.role === 'host') - Number(a.role === 'host') || a.displayName.localeCompare(b.displayName, undefined, { sensitivity: 'base' }));
  return { members };
}

/** PATCH /rooms/:code/members/:id (host): per-member overrides; open connections on every node follow at once. */
export async function setMemberPermissions(deps: Deps, actor: Actor, code: string, memberId: string, patch: z.infer<typeof MemberPermissionsSchema>) {
  const room = await roomByCode(deps.db, code);
  requireHost(room, actor);
  const member = await deps.db.roomMember.findFirst({ where: { id: memberId, roomId: room.id } });
  if (!member) throw noSuchMember();
  const next: Record<string, boolean> = { ...overridesFrom(member.permissions) };
  for (const [k, v] of Object.entries(patch)) if (v === null) delete next[k]; else if (v !== undefined) next[k] = v;
  await deps.db.roomMember.update({ where: { id: member.id }, data: { permissions: next } });
  await roomSync(deps).refreshAccess(room.code, settingsFrom(room.settings));
  return { id: member.id, permissions: permissionsFor(memberRole(room.hostId, member.userId), settingsFrom(room.settings), next) };
}

/**
 * DELETE /rooms/:code/members/:id (host): the membership goes (a guest's pass stops working, an account
 * must join again by code) and the member's sockets close with CloseCode.removed on every node.
 */
export async function removeMember(deps: Deps, actor: Actor, code: string, memberId: string) {
  const room = await roomByCode(deps.db, code);
  requireHost(room, actor);
  const member = await deps.db.roomMember.findFirst({ where: { id: memberId, roomId: room.id }, select: { id: true, userId: true } });
  if (!member) throw noSuchMember();
  if (member.userId === room.hostId) throw new AppError(409, ErrorCode.conflict, 'The host cannot be removed from their own room; delete the room instead');
  await deps.db.roomMember.delete({ where: { id: member.id } });
  roomSync(deps).removeMember(room.code, member.id);
}
