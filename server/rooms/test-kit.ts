// Test helpers for rooms: users with real sessions, and real HocuspocusProviders over websockets.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { roomDocName } from '../../shared/room/doc.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { TestServer } from '../../test/helpers.ts';

let n = 0;
/** A user with a live session, as the accounts feature would make one. */
export async function makeUser(server: TestServer, name = `user${++n}${Date.now() % 100000}`) {
  const token = newToken('s');
  const user = await server.deps.db.user.create({ data: { email: `${name}@example.test`, username: name.toLowerCase(), password: 'x' } });
  await server.deps.db.session.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 86400_000) } });
  return { user, token, auth: { authorization: `Bearer ${token}` } };
}

export async function makeRoom(server: TestServer, token: string, name = 'Test room') {
  const res = await server.api('/api/rooms', { method: 'POST', json: { name }, headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string; name: string; hostId: string };
}

export type Client = {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  closes: Array<{ code: number; reason: string }>;
  denied: string[];
  stateless: any[];
  synced: Promise<void>;
  destroy: () => void;
};

/** ws emits 'error' when a socket still connecting is closed (a test tearing down early); that is fine. */
class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

/** A websocket class whose sockets leave from `localAddress` (e.g. 127.0.0.2: another client address on loopback). */
const fromAddress = (localAddress: string) => class extends QuietWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { localAddress });
  }
};

/** A real provider on its own websocket. `doc` may carry offline edits; `from` is the local address to connect from. */
export function connect(server: { url: string }, code: string, token: string | null, doc = new Y.Doc(), from?: string): Client {
  const WebSocketPolyfill = from ? fromAddress(from) : QuietWebSocket;
  const socket = new HocuspocusProviderWebsocket({ url: `${server.url.replace(/^http/, 'ws')}/yjs`, WebSocketPolyfill, delay: 100, minDelay: 100, maxDelay: 2000 });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: roomDocName(code), token, document: doc });
  const client: Client = {
    doc, provider, socket, closes: [], denied: [], stateless: [],
    synced: new Promise((resolve) => provider.on('synced', () => resolve())),
    destroy: () => {
      // Closing a socket that is still connecting makes ws emit 'error' after the provider dropped its listeners.
      const ws = (socket as unknown as { webSocket?: { on?: (e: string, f: () => void) => void } }).webSocket;
      provider.destroy();
      socket.destroy();
      ws?.on?.('error', () => {});
    },
  };
  socket.on('close', ({ event }: { event: { code: number; reason: string } }) => client.closes.push({ code: event.code, reason: String(event.reason) }));
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => client.denied.push(reason));
  provider.on('stateless', ({ payload }: { payload: string }) => client.stateless.push(JSON.parse(payload)));
  provider.attach();
  return client;
}

export const track = (i: number | string) => ({
  videoId: `v${String(i).padStart(10, '0')}`.slice(-11).replace(/^./, 'v'), title: `Song ${i}`, artist: 'Artist', durationS: 200,
});

/** A guest of one room, as joining by code makes one (without spending the join rate limit). */
export async function makeGuest(server: TestServer, roomId: string, displayName: string) {
  const token = newToken('g');
  const m = await server.deps.db.roomMember.create({ data: { roomId, displayName, guestTokenHash: hashToken(token) } });
  return { id: m.id, token, displayName };
}
