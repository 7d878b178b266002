// What happens to a room's people beyond its document crosses nodes too (two real server processes, one
// Redis): chat and reactions, the host's mute of a member connected to the other node, and a removal taken
// by a node that does not even have the room loaded.
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/errors.ts';
import { eventually } from '../../test/helpers.ts';
import { asServer, twoNodes } from '../../test/nodes.ts';
import { chatRoom, lastAccess, react, reactions, refusalOf, say, texts } from '../chat/test-kit.ts';
import { connect } from '../rooms/test-kit.ts';

const nodes = twoNodes();
const on = (node: { url: string }) => (code: string, token: string) => { const c = connect(node, code, token); nodes.clients.push(c); return c; };
const viaA = () => asServer(nodes.a, nodes.db);

describe('room events on two nodes', () => {
  it('chat and reactions cross nodes both ways, each message once; history is the same from either node', async () => {
    const { room, host, guest, h: onA, g: onB } = await chatRoom(viaA(), on(nodes.a), on(nodes.b));
    say(onA, 'from A');
    await eventually(() => expect(texts(onB)).toEqual(['from A']), 10_000);
    say(onB, 'from B');
    await eventually(() => expect(texts(onA)).toEqual(['from A', 'from B']), 10_000);
    react(onB, '🎉');
    await eventually(() => expect(reactions(onA)).toEqual([{ type: 'reaction', emoji: '🎉', by: { id: guest.id, name: 'Gina' }, entryId: null }]), 10_000);
    await eventually(() => expect(texts(onB)).toEqual(['from A', 'from B']));
    for (const node of [nodes.a, nodes.b]) {
      const res = await asServer(node, nodes.db).api(`/api/rooms/${room.code}/messages`, { headers: host.auth });
      expect(res.body.messages.map((m: any) => m.text)).toEqual(['from A', 'from B']);
    }
  }, 60_000);

  it('a mute taken on A applies at once to the member\'s open connection on B', async () => {
    const api = viaA();
    const { room, host, guest, h: onA, g: onB } = await chatRoom(api, on(nodes.a), on(nodes.b));
    const res = await api.api(`/api/rooms/${room.code}/members/${guest.id}`, { method: 'PATCH', json: { chat: false }, headers: host.auth });
    expect(res.status).toBe(200);
    await eventually(() => expect(lastAccess(onB)?.chat).toBe(false), 10_000);
    const muted = say(onB, 'hello?');
    await eventually(() => expect(refusalOf(onB, muted)).toBe('The host muted you in this room.'));

    // Room settings too: only the host controls playback now, on B's connection as well.
    expect((await api.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { settings: { whoCanControl: 'host' } }, headers: host.auth })).status).toBe(200);
    await eventually(() => expect(lastAccess(onB)).toEqual({ add: true, manage: true, control: false, chat: false }), 10_000);
    expect(texts(onA)).toEqual([]);
  }, 60_000);

  it('a removal taken by A, which has not loaded the room, closes the member\'s socket on B with 4460', async () => {
    const api = viaA();
    const { room, host, guest, h: hostOnB, g: guestOnB } = await chatRoom(api, on(nodes.b));
    expect((await api.api(`/api/rooms/${room.code}/members/${guest.id}`, { method: 'DELETE', headers: host.auth })).status).toBe(204);
    await eventually(() => expect(guestOnB.closes.map((c) => c.code)).toContain(CloseCode.removed), 10_000);
    for (const c of [guestOnB, hostOnB]) await eventually(() => expect(c.stateless).toContainEqual({ type: 'member-removed', memberId: guest.id }));
    // Its provider tries again: the pass opens the room on neither node.
    await eventually(() => expect(guestOnB.closes.map((c) => c.code)).toContain(CloseCode.unauthorized), 10_000);
    const again = on(nodes.a)(room.code, guest.token);
    await eventually(() => expect(again.closes.map((c) => c.code)).toContain(CloseCode.unauthorized), 10_000);
    expect(hostOnB.closes).toEqual([]);
  }, 60_000);
});
