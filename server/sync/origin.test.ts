// A page on another site can open /yjs with the user's cookies (the browser attaches them); like the REST
// side, the socket then counts as signed out. A token in the first message still works from anywhere.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/errors.ts';
import { addTrack, readQueue, roomDocName } from '../../shared/room-doc.ts';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { SESSION_COOKIE } from '../auth/actor.ts';
import { makeRoom, makeUser, track } from '../rooms/test-kit.ts';

let server: TestServer;
const providers: HocuspocusProvider[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { for (const p of providers) p.destroy(); await server?.stop(); });

/** A provider whose socket sends the headers a browser would (Origin, Cookie, Host). */
function connectAs(code: string, token: string, headers: Record<string, string>) {
  class BrowserLikeSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
      this.on('error', () => {});
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: `${server.url.replace(/^http/, 'ws')}/yjs`, WebSocketPolyfill: BrowserLikeSocket, delay: 100, minDelay: 100, maxDelay: 500 });
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: roomDocName(code), token, document: doc });
  providers.push(provider);
  const closes: number[] = [];
  const denied: string[] = [];
  let synced = false;
  socket.on('close', ({ event }: { event: { code: number } }) => closes.push(event.code));
  // The server closes a refused socket itself (4401); disconnecting here too would race it (1005).
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => { denied.push(reason); });
  provider.on('synced', () => { synced = true; });
  provider.attach();
  return { doc, closes, denied, isSynced: () => synced, stop: () => socket.disconnect() };
}

const serverQueue = (code: string) => readQueue(server.deps.hocuspocus.documents.get(roomDocName(code))!).map((e) => e.title);

describe('websocket Origin', () => {
  it('a page on another site with the user\'s cookie is signed out (4401) and cannot edit', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const evil = connectAs(room.code, '', { Origin: 'http://evil.example', Cookie: `${SESSION_COOKIE}=${host.token}` });
    await eventually(() => expect(evil.closes).toContain(CloseCode.unauthorized));
    expect(evil.denied[0]).toMatch(/^unauthorized: sign in/);
    expect(evil.isSynced()).toBe(false);
    addTrack(evil.doc, track('evil'), { id: host.user.id, name: 'host' });
    evil.stop();

    // The same cookie from our own page (Origin = this server) gets in and edits.
    const own = connectAs(room.code, '', { Origin: server.url, Cookie: `${SESSION_COOKIE}=${host.token}` });
    await eventually(() => expect(own.isSynced()).toBe(true));
    addTrack(own.doc, track('own'), { id: host.user.id, name: 'host' });
    await eventually(() => expect(serverQueue(room.code)).toEqual(['Song own']));
    expect(own.closes).toEqual([]);
  });

  it('a token in the first message works from any Origin (non-browser clients, embedded players)', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const c = connectAs(room.code, host.token, { Origin: 'http://evil.example' });
    await eventually(() => expect(c.isSynced()).toBe(true));
    addTrack(c.doc, track('by-token'), { id: host.user.id, name: 'host' });
    await eventually(() => expect(serverQueue(room.code)).toEqual(['Song by-token']));
    expect(c.closes).toEqual([]);
  });

  it("the Vite dev proxy's forwarded Origin and Host (localhost:5173) count as our own", async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const c = connectAs(room.code, '', { Origin: 'http://localhost:5173', Host: 'localhost:5173', Cookie: `${SESSION_COOKIE}=${host.token}` });
    await eventually(() => expect(c.isSynced()).toBe(true));
    expect(c.closes).toEqual([]);
  });
});
