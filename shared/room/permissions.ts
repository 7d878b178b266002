// Who may do what in a room: the room-wide settings, then the host's per-member overrides.
import type { RoomSettings, Who } from './doc.ts';

export type Role = 'host' | 'member' | 'guest';
/** add: add tracks; manage: reorder/remove others' entries, clear, shuffle; control: playback; chat: post in the room's chat and react (off: muted). */
export type Permissions = { add: boolean; manage: boolean; control: boolean; chat: boolean };
export type PermissionOverrides = Partial<Permissions>;

const allows = (who: Who, role: Role) => role === 'host' || who === 'everyone' || (who === 'members' && role === 'member');

export function permissionsFor(role: Role, settings: RoomSettings, overrides: PermissionOverrides = {}): Permissions {
  const edit = allows(settings.whoCanEdit, role);
  const base = { add: edit, manage: edit, control: allows(settings.whoCanControl, role), chat: true };
  if (role === 'host') return base;
  return {
    add: overrides.add ?? base.add,
    manage: overrides.manage ?? base.manage,
    control: overrides.control ?? base.control,
    chat: overrides.chat ?? base.chat,
  };
}
