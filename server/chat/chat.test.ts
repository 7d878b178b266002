// Room chat over real websockets: who sees what, under which name, in which order; what is refused and why;
// what a member reads back over REST; bad payloads leave everything running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { connect, makeGuest, makeRoom, makeUser, type Client } from '../rooms/test-kit.ts';
import { chatRoom as twoInRoom, chats, refusalOf, say, texts } from './test-kit.ts';

let server: TestServer;
const clients: Client[] = [];
const open = (...args: Parameters<typeof connect>) => { const c = connect(...args); clients.push(c); return c; };
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

const history = (code: string, token?: string) =>
  server.api(`/api/rooms/${code}/messages`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const chatRoom = () => twoInRoom(server, (code, token) => open(server, code, token));

describe('room chat', () => {
  it('both members see each message once, in order, under the name their session gives; a forged author is ignored', async () => {
    const { host, room, guest, h, g } = await chatRoom();
    const forged = { author: { memberId: guest.id, id: guest.id, name: 'Gina', kind: 'guest' }, name: 'Gina', id: 'mine' };
    const ids = ['one', 'two', 'three'].map((text) => say(h, text, forged));
    await eventually(() => expect(texts(g)).toEqual(['one', 'two', 'three']));
    const fromGuest = say(g, 'hi all');
    await eventually(() => expect(texts(h)).toEqual(['one', 'two', 'three', 'hi all']));
    await eventually(() => expect(texts(g)).toEqual(['one', 'two', 'three', 'hi all']));

    // The sender's own copy names its clientId; the others' do not.
    expect(chats(h).map((m) => m.clientId)).toEqual([...ids, undefined]);
    expect(chats(g).map((m) => m.clientId)).toEqual([undefined, undefined, undefined, fromGuest]);
    expect(chats(g).map((m) => m.message.id)).toEqual(chats(h).map((m) => m.message.id));
    const hostMember = await server.deps.db.roomMember.findFirstOrThrow({ where: { roomId: room.id, userId: host.user.id } });
    for (const m of chats(g).slice(0, 3)) expect(m.message.author).toEqual({ memberId: hostMember.id, id: host.user.id, name: host.user.username, kind: 'user' });
    expect(chats(h)[3].message.author).toEqual({ memberId: guest.id, id: guest.id, name: 'Gina', kind: 'guest' });
    expect(new Date(chats(h)[0].message.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a member coming back reads the recent messages oldest first; only members of the room may', async () => {
    const { host, room, guest, h, g } = await chatRoom();
    say(h, 'first');
    await eventually(() => expect(texts(g)).toEqual(['first']));
    say(g, 'second');
    await eventually(() => expect(texts(h)).toEqual(['first', 'second']));
    g.destroy();
    say(h, 'while you were away');
    await eventually(() => expect(texts(h)).toHaveLength(3));

    const back = open(server, room.code, guest.token);
    await back.synced;
    const res = await history(room.code, guest.token);
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: any) => [m.author.name, m.text])).toEqual([
      [host.user.username, 'first'], ['Gina', 'second'], [host.user.username, 'while you were away'],
    ]);
    expect(res.body.messages.map((m: any) => m.id)).toEqual(chats(h).map((m) => m.message.id));

    expect((await history(room.code)).status).toBe(401);
    const elsewhere = await makeRoom(server, host.token, 'Elsewhere');
    const stranger = await makeGuest(server, elsewhere.id, 'Stray');
    expect((await history(room.code, stranger.token)).status).toBe(403);
    expect((await history('ZZZZZZ', host.token)).status).toBe(404);
  });

  it('refuses an empty or too long message in words and stores nothing; control characters are dropped', async () => {
    const { host, room, h, g } = await chatRoom();
    const long = say(h, 'x'.repeat(501));
    const blank = say(h, ' \n\t ');
    await eventually(() => expect(refusalOf(h, long)).toBe('A message can have at most 500 characters.'));
    await eventually(() => expect(refusalOf(h, blank)).toBe('A message needs some text.'));
    // 500 characters (emoji count as one each, as a person counts them) is fine.
    say(h, '🔥'.repeat(500));
    say(h, 'a\u0000b\u0007\r\nc\u001b[31m');
    await eventually(() => expect(texts(g)).toEqual(['🔥'.repeat(500), 'ab\nc[31m']));
    expect((await history(room.code, host.token)).body.messages.map((m: any) => m.text)).toEqual(['🔥'.repeat(500), 'ab\nc[31m']);
    expect(chats(h).map((m) => m.message.text)).toEqual(texts(g));
  });

  it('refuses the sixth message within 10 s', async () => {
    const { host, room, h, g } = await chatRoom();
    const ids = [1, 2, 3, 4, 5, 6].map((i) => say(h, `m${i}`));
    await eventually(() => expect(refusalOf(h, ids[5])).toBe('You are sending messages too fast; wait a few seconds.'));
    await eventually(() => expect(texts(g)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']));
    expect(ids.slice(0, 5).map((id) => refusalOf(h, id))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect((await history(room.code, host.token)).body.messages).toHaveLength(5);
    // The limit is the sender's: the guest still talks.
    say(g, 'my turn');
    await eventually(() => expect(texts(h)).toContain('my turn'));
  });

  it('a room keeps its last 200 messages; a member reads the last 100', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const author = { roomId: room.id, authorId: host.user.id, authorName: host.user.username, authorKind: 'user' };
    const startMs = Date.now() - 3600_000;
    await server.deps.db.roomMessage.createMany({ data: Array.from({ length: 230 }, (_, i) => ({ ...author, text: `old ${i}`, createdAt: new Date(startMs + i * 1000) })) });
    const h = open(server, room.code, host.token);
    await h.synced;
    say(h, 'newest');
    await eventually(() => expect(texts(h)).toEqual(['newest']));
    await eventually(async () => expect(await server.deps.db.roomMessage.count({ where: { roomId: room.id } })).toBe(200));
    const kept = await server.deps.db.roomMessage.findMany({ where: { roomId: room.id }, orderBy: { createdAt: 'asc' }, select: { text: true } });
    expect(kept[0].text).toBe('old 31');
    const res = await history(room.code, host.token);
    expect(res.body.messages).toHaveLength(100);
    expect(res.body.messages[0].text).toBe('old 131');
    expect(res.body.messages.at(-1).text).toBe('newest');
  });

  it('bad payloads (not JSON, wrong types, a huge text) leave the connections and the server running', async () => {
    const { host, room, h, g } = await chatRoom();
    h.provider.sendStateless('not json {');
    for (const bad of [null, [], 'chat', { type: 'chat' }, { type: 'chat', text: 'x', clientId: { a: 1 } }, { type: 'react', emoji: 5 }, { type: 'chat-delete', id: 'not-an-id' }, { type: 'chat-delete', id: 7 }]) {
      h.provider.sendStateless(JSON.stringify(bad));
    }
    const numeric = say(h, 42);
    const huge = say(h, 'x'.repeat(1_000_000));
    await eventually(() => expect(refusalOf(h, numeric)).toBe('That message could not be read; it was not sent.'));
    await eventually(() => expect(refusalOf(h, huge)).toBe('A message can have at most 500 characters.'));
    say(h, 'still here');
    await eventually(() => expect(texts(g)).toEqual(['still here']));
    say(g, 'me too');
    await eventually(() => expect(texts(h)).toEqual(['still here', 'me too']));
    expect([...h.closes, ...g.closes]).toEqual([]);
    expect((await history(room.code, host.token)).body.messages.map((m: any) => m.text)).toEqual(['still here', 'me too']);
    expect((await server.api('/api/health')).status).toBe(200);
  });
});
