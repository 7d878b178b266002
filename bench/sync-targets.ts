// The three servers bench/sync.ts compares, each in a process of its own, and the clients it connects to
// them: Jamroom through its REST API (register, a playable track, rooms) and HocuspocusProvider, the bare
// servers with rooms named and written like Jamroom's, so every server carries the same bytes.
import { randomUUID } from 'node:crypto';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { roomDocName } from '../shared/room-doc.ts';
import { startServerProcess, type ServerKind, type ServerProcess } from './sync-ipc.ts';

export type Peer = { doc: Y.Doc; synced: Promise<void>; unsynced: () => boolean; destroy: () => void };
/**
 * A receiving client that speaks the server's protocol on a plain websocket and does not apply what it gets:
 * it hands each frame to `onFrame` as it arrives. The bench times receipts with these, so the figure is the
 * server's fan-out (and the network), not the cost of a client library's decode and apply in a process
 * that hosts 200 of them.
 */
export type Listener = { ready: Promise<void>; onFrame: (fn: (frame: Buffer) => void) => void; close: () => void };
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

const varUint = (n: number) => { const out: number[] = []; while (n > 127) { out.push(0x80 | (n & 127)); n >>>= 7; } out.push(n); return out; };
const varString = (s: string) => { const b = Buffer.from(s); return [...varUint(b.length), ...b]; };
/** The offset just past a var-length string (a Hocuspocus frame's document name). */
const skipVarString = (buf: Buffer) => {
  let len = 0; let shift = 0; let i = 0;
  for (; i < buf.length; i++) { len |= (buf[i] & 127) << shift; shift += 7; if (buf[i] < 128) break; }
  return i + 1 + len;
};
/** Hocuspocus message types (@hocuspocus/server's MessageType) and sync steps (y-protocols). */
const HP = { sync: 0, awareness: 1, auth: 2, syncReply: 4, authToken: 0, authenticated: 2, step1: 0, step2: 1 } as const;

/** A raw Hocuspocus client: authenticates, sends sync step 1 with an empty state vector, ready at sync step 2. */
function hocuspocusListener(url: string, room: Room): Listener {
  const ws = new WebSocket(url);
  const name = varString(room.name);
  let onFrame: (frame: Buffer) => void = () => {};
  // Hocuspocus closes a connection it has heard nothing from for 60 s: an empty awareness update keeps it.
  const keepAlive = setInterval(() => ws.send(Buffer.from([...name, HP.awareness, 1, 0])), 20_000);
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(Buffer.from([...name, HP.auth, HP.authToken, ...varString(room.token ?? '')])));
    ws.once('close', (code) => reject(new Error(`listener closed with ${code}`)));
    ws.on('message', (data: Buffer) => {
      const at = skipVarString(data);
      const [type, step] = [data[at], data[at + 1]];
      if (type === HP.auth && step === HP.authenticated) ws.send(Buffer.from([...name, HP.sync, HP.step1, 1, 0]));
      else if ((type === HP.sync || type === HP.syncReply) && step === HP.step2) resolve();
      onFrame(data);
    });
  });
  return { ready, onFrame: (fn) => { onFrame = fn; }, close: () => { clearInterval(keepAlive); ws.close(); } };
}

/** A raw y-websocket client: the server adds it to the room at once and opens with its sync step 1. */
function yWebsocketListener(url: string, room: Room): Listener {
  const ws = new WebSocket(`${url}/${room.name}`);
  let onFrame: (frame: Buffer) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('close', (code) => reject(new Error(`listener closed with ${code}`)));
    ws.on('message', (data: Buffer) => { resolve(); onFrame(data); });
  });
  return { ready, onFrame: (fn) => { onFrame = fn; }, close: () => ws.close() };
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
    listener: (room) => (kind === 'y-websocket' ? yWebsocketListener : hocuspocusListener)(server.url, room),
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
    listener: (room) => hocuspocusListener(server.url, room),
  };
}
