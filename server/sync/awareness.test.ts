// Presence is coalesced per room: a burst of cursor moves reaches the others as a few updates with the
// last state, a state set again unchanged is not sent again, and a client that leaves is gone for the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { connect, makeRoom, makeUser, type Client } from '../rooms/test-kit.ts';
import { AWARENESS_TICK_MS } from './awareness.ts';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

/** Awareness messages `watcher` receives that carry `of`'s state (or its removal). */
function received(watcher: Client, of: Client) {
  const id = of.provider.awareness!.clientID;
  const seen = { count: 0 };
  watcher.provider.awareness!.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
    if (origin !== 'local' && [...added, ...updated, ...removed].includes(id)) seen.count++;
  });
  return seen;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('presence', () => {
  it('a burst of changes arrives coalesced with its last state; an unchanged state is not sent again; leaving clears it', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const [a, b, c] = [0, 1, 2].map(() => connect(server, room.code, host.token));
    clients.push(a, b, c);
    await Promise.all([a.synced, b.synced, c.synced]);
    a.provider.setAwarenessField('cursor', { entry: -1 });
    await eventually(() => expect(b.provider.awareness!.getStates().get(a.provider.awareness!.clientID)?.cursor).toEqual({ entry: -1 }));

    const atB = received(b, a);
    const started = Date.now();
    for (let i = 0; i < 30; i++) {
      a.provider.setAwarenessField('cursor', { entry: i });
      await sleep(10);
    }
    const burstMs = Date.now() - started;
    await eventually(() => expect(b.provider.awareness!.getStates().get(a.provider.awareness!.clientID)?.cursor).toEqual({ entry: 29 }));
    // One update per tick at most (plus one for a tick that straddles the start), not one per change.
    expect(atB.count).toBeLessThanOrEqual(Math.ceil(burstMs / AWARENESS_TICK_MS) + 2);
    expect(atB.count).toBeLessThan(30);

    const before = atB.count;
    a.provider.setAwarenessField('cursor', { entry: 29 }); // the same state again
    await sleep(AWARENESS_TICK_MS * 3);
    expect(atB.count).toBe(before);

    // The server still names the sender (auth-extension), whatever it claims.
    expect(c.provider.awareness!.getStates().get(a.provider.awareness!.clientID)?.user).toMatchObject({ id: host.user.id });
    a.destroy();
    await eventually(() => expect(b.provider.awareness!.getStates().has(a.provider.awareness!.clientID)).toBe(false));
  });
});
