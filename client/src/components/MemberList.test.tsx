import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/room/doc.ts';
import { rooms } from '../api/endpoints.ts';
import type { Member } from '../room/types.ts';
import { createMemberAdmin, type RoomMember } from './member-admin.ts';
import { MemberList } from './MemberList.tsx';

vi.mock('../api/endpoints.ts', () => ({ rooms: { members: vi.fn(), setMemberPermissions: vi.fn(), removeMember: vi.fn() } }));

const all = { add: true, manage: true, control: true, chat: true };
const joined = (id: string, displayName: string, role: RoomMember['role'], userId: string | null = null): RoomMember => ({
  id, userId, displayName, role, joinedAt: '', permissions: all, online: true, overrides: {},
});
const here = (personId: string, name: string, isSelf = false): Member => ({ clientId: name.length, personId, name, colour: 'red', isSelf });

function renderList(host: boolean) {
  render(() => {
    const presence = () => [here('u-host', 'Hosty', true), here('g-ana', 'Ana')];
    const admin = createMemberAdmin({ code: 'ABC234', enabled: () => host, presence, settings: () => DEFAULT_SETTINGS });
    return <MemberList members={presence()} admin={host ? admin : undefined} />;
  });
}

beforeEach(() => {
  vi.mocked(rooms.members).mockResolvedValue([joined('m-host', 'Hosty', 'host', 'u-host'), joined('g-ana', 'Ana', 'guest'), joined('m-cy', 'Cy', 'member', 'u-cy')]);
  vi.mocked(rooms.setMemberPermissions).mockImplementation(async (_code, id, patch) => ({ id, permissions: { ...all, chat: patch.chat ?? true } }));
  vi.mocked(rooms.removeMember).mockResolvedValue(undefined);
});
afterEach(() => (cleanup(), vi.clearAllMocks()));

describe('MemberList', () => {
  it('shows everyone who is here, without tools for a member', () => {
    renderList(false);
    expect(screen.getByText('Ana')).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(rooms.members).not.toHaveBeenCalled();
  });

  it("gives the host each member's switches; one back to the room-wide setting clears the override", async () => {
    renderList(true);
    const chat = (await screen.findByRole('checkbox', { name: 'Ana may chat' })) as HTMLInputElement;
    expect(chat.checked).toBe(true);
    for (const name of ['Ana may add songs', 'Ana may manage the queue', 'Ana may control playback']) expect(screen.getByRole('checkbox', { name })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'Hosty may chat' })).toBeNull();
    fireEvent.click(chat);
    await vi.waitFor(() => expect(rooms.setMemberPermissions).toHaveBeenCalledWith('ABC234', 'g-ana', { chat: false }));
    await vi.waitFor(() => expect((screen.getByRole('checkbox', { name: 'Ana may chat' }) as HTMLInputElement).checked).toBe(false));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Ana may chat' }));
    await vi.waitFor(() => expect(rooms.setMemberPermissions).toHaveBeenLastCalledWith('ABC234', 'g-ana', { chat: null }));
    // Cy joined but is not here now: under "Not here now", with the same switches.
    expect(screen.getByText('Not here now (1)')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Cy may chat' })).toBeTruthy();
  });

  it('asks before removing, then the member is gone from the list', async () => {
    renderList(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Ana from the room' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(rooms.removeMember).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Ana from the room' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));
    await vi.waitFor(() => expect(screen.queryByText('Ana')).toBeNull());
    expect(rooms.removeMember).toHaveBeenCalledWith('ABC234', 'g-ana');
    expect(screen.getByRole('status').textContent).toBe('Ana was removed from the room.');
  });
});
