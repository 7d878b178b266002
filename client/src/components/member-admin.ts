// The host's view of the room's members over REST (who joined, what each may do, who is online), loaded
// when presence changes (debounced), with the per-member switches and removal.
import { createEffect, createSignal, on, onCleanup } from 'solid-js';
import type { MembersResponse } from '../../../shared/api/rooms.ts';
import { permissionsFor, type Permissions } from '../../../shared/room/permissions.ts';
import { errorMessage } from '../api/client.ts';
import { rooms } from '../api/endpoints.ts';
import type { Member, RoomSettings } from '../room/types.ts';

export type RoomMember = MembersResponse['members'][number];
export const MEMBERS_REFRESH_MS = 1000;

/** The id presence carries for a member: the user's id, or a guest's member id. */
export const personIdOf = (m: RoomMember) => m.userId ?? m.id;

export function createMemberAdmin(opts: { code: string; enabled: () => boolean; presence: () => Member[]; settings: () => RoomSettings }) {
  const [list, setList] = createSignal<RoomMember[]>([]);
  const [error, setError] = createSignal('');
  const [status, setStatus] = createSignal('');
  const [removedIds, setRemovedIds] = createSignal<ReadonlySet<string>>(new Set());
  let loads = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function load() {
    const n = ++loads;
    try {
      const members = await rooms.members(opts.code);
      if (n !== loads) return;
      setList(members.filter((m) => !removedIds().has(m.id)));
      setError('');
    } catch (err) {
      if (n === loads) setError(`The member list could not be loaded: ${errorMessage(err)}`);
    }
  }
  // Who is online changed (not what they are doing): load again, once things settle.
  const presenceKey = () => (opts.enabled() ? opts.presence().map((m) => m.personId ?? '').sort().join(',') : null);
  createEffect(on(presenceKey, (key) => {
    clearTimeout(timer);
    if (key !== null) timer = setTimeout(load, list().length ? MEMBERS_REFRESH_MS : 0);
  }));
  onCleanup(() => clearTimeout(timer));

  const update = (id: string, change: (m: RoomMember) => RoomMember) => setList(list().map((m) => (m.id === id ? change(m) : m)));

  return {
    list,
    error,
    /** What the last removal did, in words. */
    status,
    /** The member behind a row of "Listening now", if they joined (and are not removed). */
    memberFor: (p: Member) => (p.personId ? list().find((m) => personIdOf(m) === p.personId) : undefined),
    isRemoved: (p: Member) => !!p.personId && removedIds().has(p.personId),
    /** Sets one switch; true when the room took it. */
    async setPermission(member: RoomMember, key: keyof Permissions, value: boolean): Promise<boolean> {
      // Back to what the room-wide setting gives: the override is cleared (null), so the member follows
      // that setting again when the host changes it later.
      const roomWide = permissionsFor(member.role, opts.settings())[key];
      try {
        const res = await rooms.setMemberPermissions(opts.code, member.id, { [key]: value === roomWide ? null : value });
        const overrides = { ...member.overrides };
        if (value === roomWide) delete overrides[key];
        else overrides[key] = value;
        update(member.id, (m) => ({ ...m, permissions: res.permissions, overrides }));
        setError('');
        return true;
      } catch (err) {
        setError(`Could not change what ${member.displayName} may do: ${errorMessage(err)}`);
        return false;
      }
    },
    async remove(member: RoomMember): Promise<boolean> {
      try {
        await rooms.removeMember(opts.code, member.id);
        setRemovedIds(new Set([...removedIds(), member.id, personIdOf(member)]));
        setList(list().filter((m) => m.id !== member.id));
        setError('');
        setStatus(`${member.displayName} was removed from the room.`);
        return true;
      } catch (err) {
        setError(`Could not remove ${member.displayName}: ${errorMessage(err)}`);
        return false;
      }
    },
  };
}

export type MemberAdmin = ReturnType<typeof createMemberAdmin>;
