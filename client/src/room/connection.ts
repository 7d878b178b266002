// One open room: the Yjs document kept in IndexedDB (so a reload shows the queue at once, even offline)
// and synced through Hocuspocus; presence through awareness; commands and clock pings as stateless
// messages. Exposes Solid signals for the page.
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { batch, createEffect, createSignal } from 'solid-js';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/errors.ts';
import type { Track } from '../api/types.ts';
import type { RoomCommand } from '../player/types.ts';
// The room modules one by one, not the shared/room-doc.ts barrel: the barrel also carries the zod
// validators, which the browser does not need.
import { ServerClock } from '../../../shared/clock.ts';
import { readHistory, readPlayback, readQueue, readSettings, readUpNext, roomDocName } from '../../../shared/room/doc.ts';
import { addTracks, moveEntry, removeEntry, type Adder } from '../../../shared/room/mutations.ts';
import type { ClientMessage, ServerMessage } from '../../../shared/room/protocol.ts';
import type { AddMode, Member, SkipVotes } from './types.ts';

export type Presence = Adder & { colour: string };

/** Everything the room page shows, read in one pass after each change. */
export function readRoom(doc: Y.Doc) {
  const queue = readQueue(doc);
  const playback = readPlayback(doc);
  const current = queue.find((e) => e.id === playback.entryId) ?? null;
  return { current, upNext: readUpNext(doc, queue, playback.entryId), history: readHistory(doc), playback: current || playback.entryId ? playback : null, settings: readSettings(doc) };
}

/** The stateless message for a playback request (shared/room/protocol.ts). */
function commandMessage(command: RoomCommand, currentId: string | null): ClientMessage {
  switch (command.type) {
    case 'skipVote':
      return { type: 'vote-skip', entryId: currentId ?? '' };
    case 'play':
    case 'pause':
    case 'previous':
      return { type: 'playback', command: { action: command.type } };
    case 'seek':
      return { type: 'playback', command: { action: 'seek', positionMs: Math.round(command.positionMs) } };
    case 'jump':
      return { type: 'playback', command: { action: 'jump', entryId: command.entryId } };
    case 'next':
      // Naming the entry being skipped makes simultaneous presses skip once.
      return { type: 'playback', command: { action: 'next', ...(currentId ? { entryId: currentId } : {}) } };
  }
}

const closeMessages: Record<number, string> = {
  [CloseCode.unauthorized]: 'Your pass for this room has expired. Join again.',
  [CloseCode.forbidden]: 'You are not allowed in this room.',
  [CloseCode.roomNotFound]: 'There is no room with this code.',
  [CloseCode.roomDeleted]: 'The host closed this room.',
  [CloseCode.invalidUpdate]: 'A change was refused by the room. The queue shows what everyone sees.',
};

/** The server refuses with "<reason>: <detail>" (server/rooms/auth-extension.ts); say it in words. */
function refusalMessage(reason: string): string {
  const code = ({ unauthorized: CloseCode.unauthorized, forbidden: CloseCode.forbidden, 'room-not-found': CloseCode.roomNotFound, 'room-deleted': CloseCode.roomDeleted } as Record<string, number>)[reason.split(':')[0]];
  return closeMessages[code] ?? 'You cannot enter this room right now. Join it again.';
}

const PING_EVERY_MS = 5000;
const localNowMs = () => performance.timeOrigin + performance.now();

export function connectRoom(code: string, token: string | null, me: Presence) {
  const doc = new Y.Doc();
  const name = roomDocName(code);
  const [room, setRoom] = createSignal(readRoom(doc));
  const [members, setMembers] = createSignal<Member[]>([]);
  const [status, setStatus] = createSignal<WebSocketStatus>(WebSocketStatus.Connecting);
  const [loadedLocally, setLoadedLocally] = createSignal(false);
  const [synced, setSynced] = createSignal(false);
  const [readOnly, setReadOnly] = createSignal(false);
  const [fatal, setFatal] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [pendingIds, setPendingIds] = createSignal<ReadonlySet<string>>(new Set());
  const [skipVotes, setSkipVotes] = createSignal<SkipVotes | null>(null);
  const clock = new ServerClock();

  let scheduled = false;
  doc.on('update', () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      setRoom(readRoom(doc));
    });
  });

  // Entries edited here while disconnected: shown as "waiting to sync" until the server has applied them.
  doc.getMap('queue').observeDeep((events, tx) => {
    if (!tx.local || status() === WebSocketStatus.Connected) return;
    const ids = new Set(pendingIds());
    for (const e of events) {
      if (e.target === doc.getMap('queue')) for (const k of (e as Y.YMapEvent<unknown>).keysChanged) ids.add(k);
      else ids.add(String((e.target as Y.Map<unknown>).get('id')));
    }
    setPendingIds(ids);
  });

  const persistence = new IndexeddbPersistence(name, doc);

  const protocol = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new HocuspocusProviderWebsocket({ url: `${protocol}://${location.host}/yjs`, maxDelay: 5000, autoConnect: navigator.onLine });
  // When the device says it is offline the socket is as good as dead: stop using it (edits stay local and
  // in IndexedDB, shown as waiting) and reconnect the moment the device is back.
  const goOffline = () => socket.disconnect();
  const goOnline = () => void (fatal() ? undefined : socket.connect());
  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);
  const provider: HocuspocusProvider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token: token ?? '',
    onStatus: ({ status: s }) => setStatus(s),
    onSynced: ({ state }) => {
      setSynced(state);
      if (state) ping();
    },
    onAuthenticated: ({ scope }) => setReadOnly(scope === 'readonly'),
    onAuthenticationFailed: ({ reason }) => {
      setFatal(refusalMessage(reason));
      socket.disconnect();
    },
    onClose: ({ event }) => {
      const message = closeMessages[event.code];
      if (!message) return;
      if (event.code === CloseCode.invalidUpdate) setNotice(message);
      else {
        setFatal(message);
        socket.disconnect();
      }
    },
    onUnsyncedChanges: ({ number }) => number === 0 && status() === WebSocketStatus.Connected && setPendingIds(new Set()),
    onStateless: ({ payload }) => onStateless(payload),
  });
  // Sync only once the stored copy is in the document: what IndexedDB holds then reaches the server through
  // the sync handshake (only what the server lacks), not re-sent as fresh edits, which the server would
  // refuse for the parts only it may write (playback, history, settings).
  let destroyed = false;
  void persistence.whenSynced.then(() => {
    setLoadedLocally(true);
    if (!destroyed) provider.attach();
  });
  provider.awareness?.setLocalStateField('user', me);

  const readMembers = () => {
    const states = provider.awareness?.getStates() ?? new Map();
    const self = provider.awareness?.clientID;
    const list: Member[] = [];
    states.forEach((s, clientId) => {
      const user = s.user as Presence | undefined;
      if (user?.name) list.push({ clientId, name: user.name, colour: user.colour, isSelf: clientId === self, activity: s.activity });
    });
    setMembers(list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name)));
  };
  provider.awareness?.on('change', readMembers);
  readMembers();

  function onStateless(payload: string) {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(payload) as ServerMessage;
    } catch {
      return;
    }
    if (msg?.type === 'pong' && typeof msg.serverMs === 'number' && typeof msg.clientMs === 'number') clock.add(msg.clientMs, msg.serverMs, localNowMs());
    else if ((msg?.type === 'refused' && typeof msg.reason === 'string') || (msg?.type === 'note' && typeof msg.message === 'string')) setNotice(msg.type === 'note' ? msg.message : msg.reason);
    else if (msg?.type === 'skip-votes' && typeof msg.votes === 'number') setSkipVotes({ entryId: msg.entryId, votes: msg.votes, needed: msg.needed });
  }

  // NTP-style: a burst at connect, then one every few seconds (the best samples win).
  let burst = 0;
  let pingId = 0;
  function ping() {
    if (status() !== WebSocketStatus.Connected) return;
    provider.sendStateless(JSON.stringify({ type: 'ping', id: ++pingId, clientMs: localNowMs() } satisfies ClientMessage));
    if (burst++ < 5) setTimeout(ping, 100);
  }
  const pinger = setInterval(ping, PING_EVERY_MS);

  // Offline once a connection is lost (or never made), until one is made again: the first "connecting"
  // is not offline, the retries after a loss still are.
  const [lost, setLost] = createSignal(false);
  createEffect(() => {
    if (status() === WebSocketStatus.Disconnected) setLost(true);
    else if (status() === WebSocketStatus.Connected) setLost(false);
  });
  const online = () => !lost() && !fatal();

  return {
    code,
    room,
    members,
    online,
    synced,
    loadedLocally,
    readOnly,
    fatal,
    notice,
    pendingIds,
    skipVotes,
    clearNotice: () => setNotice(null),
    serverNowMs: () => clock.serverNow(localNowMs()),
    add: (tracks: Track[], mode: AddMode) => addTracks(doc, tracks, { id: me.id, name: me.name }, mode),
    move: (entryId: string, toIndex: number) => void moveEntry(doc, entryId, toIndex),
    remove: (entryId: string) => void removeEntry(doc, entryId),
    command: (command: RoomCommand) => provider.sendStateless(JSON.stringify(commandMessage(command, room().playback?.entryId ?? null))),
    setActivity: (activity: string) => provider.awareness?.setLocalStateField('activity', activity),
    destroy: () => {
      destroyed = true;
      clearInterval(pinger);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      batch(() => setStatus(WebSocketStatus.Disconnected));
      provider.destroy();
      socket.destroy();
      void persistence.destroy();
      doc.destroy();
    },
  };
}

export type RoomConnection = ReturnType<typeof connectRoom>;
