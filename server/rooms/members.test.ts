// The host's tools and "my rooms" over REST and real websockets: the member list, removing a member (their
// sockets close, their pass stops working), hiding a room from my recent rooms until I visit it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/errors.ts';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { connect, makeGuest, makeRoom, makeUser, type Client } from './test-kit.ts';

let server: TestServer;
const clients: Client[] = [];
const open = (...args: Parameters<typeof connect>) => { const c = connect(...args); clients.push(c); return c; };
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const membersOf = (code: string, token: string) => server.api(`/api/rooms/${code}/members`, { headers: bearer(token) });
const remove = (code: string, memberId: string, token: string) => server.api(`/api/rooms/${code}/members/${memberId}`, { method: 'DELETE', headers: bearer(token) });
const closeCodes = (c: Client) => c.closes.map((x) => x.code);
const myRooms = async (token: string) => ((await server.api('/api/rooms', { headers: bearer(token) })).body as any[]).map((r) => r.code);

describe('members', () => {
  it('lists everyone who joined, the host first then by name, with role, permissions, overrides and who is online', async () => {
    const host = await makeUser(server);
    const zed = await makeUser(server, `Zed${Date.now() % 100000}`);
    const amy = await makeUser(server, `amy${Date.now() % 100000}`);
    const room = await makeRoom(server, host.token);
    for (const u of [zed, amy]) expect((await server.api(`/api/rooms/${room.code}/join`, { method: 'POST', headers: u.auth })).status).toBe(200);
    const guest = await makeGuest(server, room.id, 'Bob');
    const amyId = (await server.deps.db.roomMember.findFirstOrThrow({ where: { roomId: room.id, userId: amy.user.id } })).id;
    expect((await server.api(`/api/rooms/${room.code}/members/${amyId}`, { method: 'PATCH', json: { add: false, chat: false }, headers: host.auth })).status).toBe(200);
    expect((await server.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { settings: { whoCanControl: 'members' } }, headers: host.auth })).status).toBe(200);
    const bob = open(server, room.code, guest.token);
    await bob.synced;

    const res = await membersOf(room.code, guest.token);
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: any) => [m.displayName, m.role, m.online])).toEqual([
      [host.user.username, 'host', false], [amy.user.username, 'member', false], ['Bob', 'guest', true], [zed.user.username, 'member', false],
    ]);
    const [hostRow, amyRow, bobRow] = res.body.members;
    expect(hostRow).toMatchObject({ userId: host.user.id, permissions: { add: true, manage: true, control: true, chat: true }, overrides: {} });
    expect(amyRow).toMatchObject({ id: amyId, permissions: { add: false, manage: true, control: true, chat: false }, overrides: { add: false, chat: false } });
    expect(bobRow).toMatchObject({ id: guest.id, userId: null, permissions: { add: true, manage: true, control: false, chat: true }, overrides: {} });
    expect(Date.parse(bobRow.joinedAt)).toBeGreaterThan(Date.now() - 60_000);

    expect((await server.api(`/api/rooms/${room.code}/members`)).status).toBe(401);
    const elsewhere = await makeRoom(server, host.token, 'Elsewhere');
    const stray = await makeGuest(server, elsewhere.id, 'Stray');
    expect((await membersOf(room.code, stray.token)).status).toBe(403);
  });

  it('the host removes a guest: their open sockets close with 4460, the room hears it, their pass stops working', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const guest = await makeGuest(server, room.id, 'Gone');
    const stays = await makeGuest(server, room.id, 'Stays');
    const tabs = [open(server, room.code, guest.token), open(server, room.code, guest.token)];
    const other = open(server, room.code, stays.token);
    await Promise.all([...tabs, other].map((c) => c.synced));
    tabs[0].provider.sendStateless(JSON.stringify({ type: 'chat', text: 'bye', clientId: 'x' }));
    await eventually(() => expect(other.stateless.some((m) => m.type === 'chat')).toBe(true));

    expect((await remove(room.code, guest.id, host.token)).status).toBe(204);
    for (const tab of tabs) {
      await eventually(() => expect(closeCodes(tab)).toContain(CloseCode.removed));
      expect(tab.stateless).toContainEqual({ type: 'member-removed', memberId: guest.id });
      // The provider tries again on its own: the pass no longer opens the room.
      await eventually(() => expect(closeCodes(tab)).toContain(CloseCode.unauthorized));
    }
    await eventually(() => expect(other.stateless).toContainEqual({ type: 'member-removed', memberId: guest.id }));
    expect(other.closes).toEqual([]);
    expect((await server.api(`/api/rooms/${room.code}/messages`, { headers: bearer(guest.token) })).status).toBe(401);
    expect((await membersOf(room.code, guest.token)).status).toBe(401);
    const left = (await membersOf(room.code, host.token)).body.members.map((m: any) => m.displayName);
    expect(left).toEqual([host.user.username, 'Stays']);
    // What they wrote stays, under their name, no longer linked to a member.
    const [bye] = (await server.api(`/api/rooms/${room.code}/messages`, { headers: host.auth })).body.messages;
    expect(bye.author).toEqual({ memberId: null, id: guest.id, name: 'Gone', kind: 'guest' });
  });

  it('a removed account is out of the room until it joins again by code', async () => {
    const host = await makeUser(server);
    const member = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const joined = await server.api(`/api/rooms/${room.code}/join`, { method: 'POST', headers: member.auth });
    const c = open(server, room.code, member.token);
    await c.synced;
    // A client stops at 4460 (connecting again by code would be joining again).
    c.socket.on('close', ({ event }: { event: { code: number } }) => { if (event.code === CloseCode.removed) c.destroy(); });
    expect((await remove(room.code, joined.body.member.id, host.token)).status).toBe(204);
    await eventually(() => expect(closeCodes(c)).toContain(CloseCode.removed));
    expect(await myRooms(member.token)).not.toContain(room.code);
    expect(await server.deps.db.roomMember.count({ where: { roomId: room.id, userId: member.user.id } })).toBe(0);
  });

  it('only the host removes; an unknown member is 404; the host cannot remove themself', async () => {
    const host = await makeUser(server);
    const member = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const joined = await server.api(`/api/rooms/${room.code}/join`, { method: 'POST', headers: member.auth });
    const hostMember = await server.deps.db.roomMember.findFirstOrThrow({ where: { roomId: room.id, userId: host.user.id } });
    expect((await remove(room.code, hostMember.id, member.token)).status).toBe(403);
    expect((await server.api(`/api/rooms/${room.code}/members/${hostMember.id}`, { method: 'DELETE' })).status).toBe(401);
    expect((await remove(room.code, '00000000-0000-4000-8000-000000000000', host.token)).status).toBe(404);
    expect((await remove(room.code, 'nobody', host.token)).status).toBe(404);
    const self = await remove(room.code, hostMember.id, host.token);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/delete the room instead/);
    expect((await membersOf(room.code, host.token)).body.members.map((m: any) => m.id)).toEqual([hostMember.id, joined.body.member.id]);
  });
});

describe('recent rooms', () => {
  it('a room I hide leaves my rooms until I visit it again, by socket or by joining', async () => {
    const host = await makeUser(server);
    const me = await makeUser(server);
    const [first, second] = [await makeRoom(server, host.token, 'First'), await makeRoom(server, host.token, 'Second')];
    for (const r of [first, second]) await server.api(`/api/rooms/${r.code}/join`, { method: 'POST', headers: me.auth });
    expect(await myRooms(me.token)).toEqual([second.code, first.code]);

    for (const r of [first, second]) expect((await server.api(`/api/rooms/${r.code}/recent`, { method: 'DELETE', headers: me.auth })).status).toBe(204);
    expect(await myRooms(me.token)).toEqual([]);
    // Reading the room's chat or members is no visit.
    expect((await membersOf(first.code, me.token)).status).toBe(200);
    expect(await myRooms(me.token)).toEqual([]);

    const visit = open(server, first.code, me.token);
    await visit.synced;
    await eventually(async () => expect(await myRooms(me.token)).toEqual([first.code]));
    expect((await server.api(`/api/rooms/${second.code}/join`, { method: 'POST', headers: me.auth })).status).toBe(200);
    expect(await myRooms(me.token)).toEqual([second.code, first.code]);
    // The host's list is their own.
    expect(await myRooms(host.token)).toEqual([second.code, first.code]);
  });

  it('hiding needs an account and a room I am in', async () => {
    const host = await makeUser(server);
    const stranger = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const guest = await makeGuest(server, room.id, 'Guest');
    const hide = (headers: Record<string, string>) => server.api(`/api/rooms/${room.code}/recent`, { method: 'DELETE', headers });
    expect((await hide({})).status).toBe(401);
    expect((await hide(bearer(guest.token))).status).toBe(403);
    expect((await hide(stranger.auth)).status).toBe(404);
    expect((await server.api('/api/rooms/ZZZZZZ/recent', { method: 'DELETE', headers: host.auth })).status).toBe(404);
    expect(await myRooms(host.token)).toEqual([room.code]);
  });
});
