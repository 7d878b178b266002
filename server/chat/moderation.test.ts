// The host's hand on the chat and reactions on the playing track, over real websockets: a mute reaches an
// open connection, the host's delete reaches everyone and the history, nobody else can delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTracks, readPlayback } from '../../shared/room-doc.ts';
import { eventually, startTestServerWithMusic, type TestServer } from '../../test/helpers.ts';
import { connect, type Client } from '../rooms/test-kit.ts';
import { chatRoom as twoInRoom, lastAccess, react, reactions, refusalOf, refused, say, texts } from './test-kit.ts';

let server: TestServer;
const clients: Client[] = [];
const open = (...args: Parameters<typeof connect>) => { const c = connect(...args); clients.push(c); return c; };
beforeAll(async () => { server = await startTestServerWithMusic(); });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

const chatRoom = () => twoInRoom(server, (code, token) => open(server, code, token));

describe('moderation', () => {
  it('a member the host mutes is refused at once on their open connection, and may talk again once unmuted', async () => {
    const { host, room, guest, h, g } = await chatRoom();
    say(g, 'before');
    await eventually(() => expect(texts(h)).toEqual(['before']));
    const mute = await server.api(`/api/rooms/${room.code}/members/${guest.id}`, { method: 'PATCH', json: { chat: false }, headers: host.auth });
    expect(mute.status).toBe(200);
    expect(mute.body).toEqual({ id: guest.id, permissions: { add: true, manage: true, control: true, chat: false } });
    await eventually(() => expect(lastAccess(g)?.chat).toBe(false));

    const muted = say(g, 'can you hear me');
    await eventually(() => expect(refusalOf(g, muted)).toBe('The host muted you in this room.'));
    react(g, '🔥');
    await eventually(() => expect(refused(g)).toContain('The host muted you in this room.'));

    const unmute = await server.api(`/api/rooms/${room.code}/members/${guest.id}`, { method: 'PATCH', json: { chat: null }, headers: host.auth });
    expect(unmute.body.permissions.chat).toBe(true);
    await eventually(() => expect(lastAccess(g)?.chat).toBe(true));
    say(g, 'back');
    await eventually(() => expect(texts(h)).toEqual(['before', 'back']));
    expect(reactions(h)).toEqual([]);
  });

  it('the host deletes a message: everyone sees it go and the history no longer has it; nobody else can delete', async () => {
    const { h, g, messages } = await chatRoom();
    say(g, 'spam');
    await eventually(() => expect(texts(h)).toEqual(['spam']));
    say(h, 'welcome');
    await eventually(() => expect(texts(g)).toEqual(['spam', 'welcome']));
    const [spam, welcome] = await messages();

    // The guest may not delete (not even their own message, nor the host's).
    for (const id of [welcome.id, spam.id]) g.provider.sendStateless(JSON.stringify({ type: 'chat-delete', id }));
    await eventually(() => expect(refused(g)).toEqual(['Only the host can delete messages.', 'Only the host can delete messages.']));
    expect((await messages()).map((m) => m.text)).toEqual(['spam', 'welcome']);

    h.provider.sendStateless(JSON.stringify({ type: 'chat-delete', id: spam.id }));
    await eventually(() => expect(g.stateless.filter((m) => m.type === 'chat-deleted')).toEqual([{ type: 'chat-deleted', id: spam.id }]));
    await eventually(() => expect(h.stateless.filter((m) => m.type === 'chat-deleted')).toEqual([{ type: 'chat-deleted', id: spam.id }]));
    expect((await messages()).map((m) => m.text)).toEqual(['welcome']);
  });

  it('a reaction reaches everyone with the sender\'s name and the playing entry; other emoji are refused', async () => {
    const { host, h, g } = await chatRoom();
    react(g, '👏');
    await eventually(() => expect(reactions(h)).toEqual([{ type: 'reaction', emoji: '👏', by: { id: expect.any(String), name: 'Gina' }, entryId: null }]));

    const lib = (await server.api('/api/trending')).body.tracks;
    const entries = addTracks(h.doc, lib.slice(0, 2).map((t: object) => ({ ...t, durationS: 300 })), { id: host.user.id, name: 'host' });
    h.provider.sendStateless(JSON.stringify({ type: 'playback', command: { action: 'play' } }));
    await eventually(() => expect(readPlayback(g.doc).entryId).toBe(entries[0].id));
    react(h, '🔥');
    const fire = { type: 'reaction', emoji: '🔥', by: { id: host.user.id, name: host.user.username }, entryId: entries[0].id };
    await eventually(() => expect(reactions(g).at(-1)).toEqual(fire));
    await eventually(() => expect(reactions(h).at(-1)).toEqual(fire));

    react(h, '💩');
    react(h, '<b>');
    await eventually(() => expect(refused(h)).toEqual(['That reaction is not available.', 'That reaction is not available.']));
    // Ten a member may send in 10 s; the eleventh is refused.
    for (let i = 0; i < 10; i++) react(g, '🎉');
    await eventually(() => expect(refused(g)).toEqual(['You are reacting too fast; wait a few seconds.']));
    await eventually(() => expect(reactions(h).filter((r) => r.emoji === '🎉')).toHaveLength(9));
    expect(reactions(h).filter((r) => r.emoji !== '🎉').map((r) => r.emoji)).toEqual(['👏', '🔥']);
  });
});
