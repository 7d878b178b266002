// The three servers bench/sync.ts compares, each in a process of its own, and the clients it connects to
// them: Jamroom through its REST API (register, a playable track, rooms) and HocuspocusProvider, the bare
// servers with rooms named and written like Jamroom's, so every server carries the same bytes.
import { randomUUID } from 'node:crypto';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { roomDocName } from '../shared/room-doc.ts';
import { hocuspocusListener, yWebsocketListener, type Listener } from './listeners.ts';
import { startServerProcess, type ServerKind, type ServerProcess } from './sync-ipc.ts';

export type Peer = { doc: Y.Doc; synced: Promise<void>; unsynced: () => boolean; destroy: () => void };

export type Room = { name: string; code: string; token: string | null; userId: string };
export type Target = { name: string; kind: ServerKind; server: ServerProcess; videoId: string; room: (label: string) => Promise<Room>; peer: (room: Room) => Peer; listener: (room: Room) => Listener };

function hocuspocusPeer(url: string, room: Room): Peer {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room.name, token: room.token, document: doc });
  const synced = new Promise<void>((r) => provider.on('synced', () => r()));
  provider.attach();
  return { doc, synced, unsynced: () => provider.hasUnsyncedChanges, destroy: () => { provider.destroy(); socket.destroy(); } };
}

function yWebsocketPeer(url: string, room: Room): Peer {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room.name, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
  const synced = new Promise<void>((r) => provider.once('sync', () => r()));
  return { doc, synced, unsynced: () => false, destroy: () => provider.destroy() };
}

/** A fresh room per measurement on every server (a room of an earlier round would carry its entries). */
let roomSerial = 0;

export async function bareTarget(kind: 'y-websocket' | 'hocuspocus', videoId: string): Promise<Target> {
  const server = await startServerProcess(kind);
  return {
    name: kind === 'y-websocket' ? 'y-websocket (bare)' : 'Hocuspocus (bare)', kind, server, videoId,
    // Names and user ids shaped like Jamroom's (room:XXXXXX, a UUID), so every server carries the same bytes.
    room: async () => {
      const code = (++roomSerial).toString(36).toUpperCase().padStart(6, 'B');
      return { name: roomDocName(code), code, token: null, userId: randomUUID() };
    },
    peer: (room) => (kind === 'y-websocket' ? yWebsocketPeer : hocuspocusPeer)(server.url, room),
    listener: (room) => (kind === 'y-websocket' ? yWebsocketListener : hocuspocusListener)(server.url, room.name, room.token),
  };
}

/** Jamroom through its REST API, as a browser would: register, pick a playable track, create rooms. */
export async function jamroomTarget(): Promise<Target> {
  const server = await startServerProcess('jamroom');
  const http = server.url.replace(/^ws/, 'http').replace(/\/yjs$/, '');
  const api = async (p: string, body?: object, token?: string) => {
    const res = await fetch(http + p, {
      method: body ? 'POST' : 'GET', body: body && JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { token, user } = await api('/api/auth/register', { email: 'bench@example.test', username: 'bench', password: 'bench password' });
  const { tracks } = await api('/api/trending');
  return {
    name: 'Jamroom', kind: 'jamroom', server, videoId: tracks[0].videoId,
    room: async (label) => {
      const { code } = await api('/api/rooms', { name: `bench ${label}` }, token);
      return { name: roomDocName(code), code, token, userId: user.id };
    },
    peer: (room) => hocuspocusPeer(server.url, room),
    listener: (room) => hocuspocusListener(server.url, room.name, room.token),
  };
}
