// One open room: the Yjs document kept in IndexedDB (so a reload shows the queue at once, even offline)
// and synced through Hocuspocus; presence through awareness; commands and clock pings as stateless
// messages. Exposes Solid signals for the page, which hold across a reset of the local copy.
//
// The server applies every edit and undoes what the sender may not do (telling it with `undone`); it
// closes with 4422 only when it cannot judge an update (this copy is corrupted). Then the copy is dropped,
// a fresh one loaded from the server, and the pending intents made again as far as the room allows.
// My own queue edits can be undone step by step (queue-undo.ts); the room chat lives in chat.ts.
import { WebSocketStatus } from '@hocuspocus/provider';
import { batch, createEffect, createSignal } from 'solid-js';
import * as Y from 'yjs';
import { ServerClock } from '../../../shared/clock.ts';
import { CloseCode } from '../../../shared/errors.ts';
import { queueMap, readEntry, readUpNext, roomDocName } from '../../../shared/room/doc.ts';
import { addTracks, moveEntry, removeEntry, type Adder } from '../../../shared/room/mutations.ts';
import type { Permissions, Role } from '../../../shared/room/permissions.ts';
import type { ClientMessage } from '../../../shared/room/protocol.ts';
import { rooms } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import type { RoomCommand } from '../player/types.ts';
import { createChat } from './chat.ts';
import { IntentLog, replayIntents, replayMessage } from './intents.ts';
import {
  commandMessage, fatalCloseMessages, parseServerMessage, readRoom, REFUSED_AGAIN_MESSAGE, refusalCode, refusalMessage, TOO_MANY_CONNECTIONS_MESSAGE, UNAVAILABLE_MESSAGE,
} from './messages.ts';
import { membersFrom } from './presence.ts';
import { createQueueUndo, type QueueUndo } from './queue-undo.ts';
import { openLink, type RoomLink } from './room-link.ts';
import type { AddMode, Member, SkipVotes } from './types.ts';

export { readRoom } from './messages.ts';
export type Presence = Adder & { colour: string };
/** What the server says this connection may do (the `access` message). */
export type Access = { role: Role; permissions: Permissions };

const PING_EVERY_MS = 5000;
/** After a 4430 the provider would retry every second; we wait this long instead, doubling up to the max. */
const CROWDED_FIRST_RETRY_MS = 10_000;
const CROWDED_MAX_RETRY_MS = 120_000;
const RESETTING_MESSAGE = "The room could not use this device's copy of the queue; loading it again from the room…";
const localNowMs = () => performance.timeOrigin + performance.now();
const ALL_ALLOWED: Permissions = { add: true, manage: true, control: true, chat: true };

export type ConnectOptions = {
  /** What the page may do before the server's first `access` message (offline, say). */
  fallbackPermissions?: () => Permissions;
  /** My membership's id when known up front (a guest's id is its member id): a `member-removed` naming it ends the room. */
  memberId?: string;
};

export function connectRoom(code: string, token: string | null, me: Presence, options: ConnectOptions = {}) {
  const name = roomDocName(code);
  const [room, setRoom] = createSignal(readRoom(new Y.Doc()));
  const [members, setMembers] = createSignal<Member[]>([]);
  const [status, setStatus] = createSignal<WebSocketStatus>(WebSocketStatus.Connecting);
  const [loadedLocally, setLoadedLocally] = createSignal(false);
  const [synced, setSynced] = createSignal(false);
  const [access, setAccess] = createSignal<Access | null>(null);
  const [fatal, setFatal] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [pendingIds, setPendingIds] = createSignal<ReadonlySet<string>>(new Set());
  const [skipVotes, setSkipVotes] = createSignal<SkipVotes | null>(null);
  const [canUndo, setCanUndo] = createSignal(false);
  /** The host removed me: the page leads away from the room instead of into it again. */
  const [removed, setRemoved] = createSignal(false);
  const clock = new ServerClock();
  const intents = new IntentLog();
  const permissions = () => access()?.permissions ?? options.fallbackPermissions?.() ?? ALL_ALLOWED;

  let destroyed = false;
  let activity = '';
  /** From a refusal until the fresh copy's first sync: edits are kept as intents and made on the fresh copy. */
  let resetting = false;
  /** This copy replaced a refused one and nothing sent from it was acknowledged yet: a refusal now is final. */
  let fresh = false;
  /** The wait before the next retry after a 4430 (0 once a connection got through). */
  let crowdedRetryMs = 0;
  let crowdedTimer: ReturnType<typeof setTimeout> | undefined;
  /** Learned from the server's copy of my own chat message when not known up front. */
  let memberId = options.memberId ?? null;
  const chat = createChat({
    me,
    ready: () => status() === WebSocketStatus.Connected && !resetting && !fatal(),
    post: (msg) => link.provider.sendStateless(JSON.stringify(msg)),
    loadHistory: () => rooms.messages(code),
  });
  let queueUndo: QueueUndo;
  let link: RoomLink = start();

  function start(): RoomLink {
    const l = openLink(name, token ?? '', {
      onStatus: (s) => {
        setStatus(s);
        if (s === WebSocketStatus.Disconnected) chat.connectionLost();
      },
      onLoadedLocally: () => setLoadedLocally(true),
      onSynced: () => {
        setSynced(true);
        if (resetting) replay();
        void chat.loadHistory();
        crowdedRetryMs = 0;
        if (notice() === UNAVAILABLE_MESSAGE || notice() === TOO_MANY_CONNECTIONS_MESSAGE) setNotice(null);
        ping();
      },
      onAuthenticationFailed: (reason) => (refusalCode(reason) === CloseCode.removed ? endRemoved() : end(refusalMessage(reason))),
      onClose: ({ code: closeCode }) => onClose(closeCode),
      onUnsyncedChanges: (count) => {
        // Everything sent so far is applied (or undone, and said so): nothing is pending any more.
        if (count !== 0 || status() !== WebSocketStatus.Connected || resetting) return;
        intents.acknowledged();
        fresh = false;
        setPendingIds(new Set<string>());
      },
      onStateless,
    });
    // A fresh copy (a new Y.Doc) starts with no steps to undo.
    queueUndo?.destroy();
    queueUndo = createQueueUndo(l.doc, setCanUndo);
    let scheduled = false;
    l.doc.on('update', () => {
      if (scheduled || resetting) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        if (link === l && !resetting) setRoom(readRoom(l.doc));
      });
    });
    // Entries edited here while disconnected: shown as "waiting to sync" until the server has applied them.
    // An entry is one value under its id, so every local edit of it (add, move, remove) changes that key.
    queueMap(l.doc).observe((e, tx) => {
      if (!tx.local || status() === WebSocketStatus.Connected) return;
      setPendingIds(new Set([...pendingIds(), ...e.keysChanged]));
    });
    const awareness = l.awareness;
    awareness?.setLocalStateField('user', me);
    if (activity) awareness?.setLocalStateField('activity', activity);
    const readMembers = () => awareness && link === l && setMembers(membersFrom(awareness.getStates(), awareness.clientID, (id) => awareness.meta.get(id)?.lastUpdated ?? 0));
    awareness?.on('change', readMembers);
    queueMicrotask(readMembers);
    return l;
  }

  function end(message: string) {
    setFatal(message);
    link.stop();
  }

  function endRemoved() {
    setRemoved(true);
    end(fatalCloseMessages[CloseCode.removed]);
  }

  function onClose(closeCode: number) {
    if (closeCode === CloseCode.invalidUpdate) return refused();
    if (closeCode === CloseCode.removed) return endRemoved();
    // Not fatal: the provider reconnects with backoff.
    if (closeCode === CloseCode.unavailable) return void setNotice(UNAVAILABLE_MESSAGE);
    if (closeCode === CloseCode.tooManyConnections) return crowded();
    const message = fatalCloseMessages[closeCode];
    if (message) end(message);
  }

  /** 4430: this network holds too many sockets (other tabs). Stop the provider's quick retries; back off. */
  function crowded() {
    link.stop();
    setNotice(TOO_MANY_CONNECTIONS_MESSAGE);
    crowdedRetryMs = Math.min(CROWDED_MAX_RETRY_MS, crowdedRetryMs ? crowdedRetryMs * 2 : CROWDED_FIRST_RETRY_MS);
    clearTimeout(crowdedTimer);
    crowdedTimer = setTimeout(() => { if (!destroyed && !fatal() && !resetting) link.goOnline(); }, crowdedRetryMs * (0.75 + Math.random() / 2));
  }

  /** 4422: the server cannot use this copy. Drop it (memory and IndexedDB) and start over, once. */
  function refused() {
    if (fresh || resetting) return end(REFUSED_AGAIN_MESSAGE);
    link.stop();
    resetting = true;
    setNotice(RESETTING_MESSAGE);
    setSynced(false);
    setCanUndo(false);
    const old = link;
    void old.close({ clearLocal: true }).catch(() => {}).then(() => {
      if (destroyed) return;
      fresh = true;
      link = start();
    });
  }

  /** The fresh copy has the room's state: make the pending intents again, as far as the room allows them. */
  function replay() {
    resetting = false;
    const result = replayIntents(link.doc, intents.take(), me, permissions(), (i) => intents.record(i));
    queueUndo.clear();
    setPendingIds(new Set<string>());
    setRoom(readRoom(link.doc));
    setNotice(replayMessage(result));
    if (!intents.size && !link.provider.hasUnsyncedChanges) fresh = false;
  }

  function onStateless(payload: string) {
    const msg = parseServerMessage(payload);
    if (!msg) return;
    if (msg.type === 'chat' && msg.clientId) memberId = msg.message.author.memberId ?? memberId;
    if (chat.handle(msg)) return;
    if (msg.type === 'pong') clock.add(msg.clientMs, msg.serverMs, localNowMs());
    else if (msg.type === 'access') setAccess({ role: msg.role, permissions: msg.permissions });
    else if (msg.type === 'undone' || msg.type === 'note') setNotice(msg.message);
    else if (msg.type === 'refused') setNotice(msg.reason);
    else if (msg.type === 'skip-votes') setSkipVotes({ entryId: msg.entryId, votes: msg.votes, needed: msg.needed });
    // The socket usually closes with CloseCode.removed first; this names me only when my member id is known.
    else if (msg.type === 'member-removed' && msg.memberId === memberId) endRemoved();
  }

  // NTP-style: a burst at connect, then one every few seconds (the best samples win).
  let burst = 0;
  let pingId = 0;
  function ping() {
    if (status() !== WebSocketStatus.Connected || resetting) return;
    link.provider.sendStateless(JSON.stringify({ type: 'ping', id: ++pingId, clientMs: localNowMs() } satisfies ClientMessage));
    if (burst++ < 5) setTimeout(ping, 100);
  }
  const pinger = setInterval(ping, PING_EVERY_MS);

  const goOffline = () => link.goOffline();
  const goOnline = () => void (fatal() || resetting ? undefined : link.goOnline());
  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);

  // Offline once a connection is lost (or never made), until one is made again: the first "connecting"
  // is not offline, the retries after a loss still are.
  const [lost, setLost] = createSignal(false);
  createEffect(() => {
    if (status() === WebSocketStatus.Disconnected) setLost(true);
    else if (status() === WebSocketStatus.Connected) setLost(false);
  });
  const online = () => !lost() && !fatal();
  const titleOf = (entryId: string) => room().upNext.find((e) => e.id === entryId)?.title ?? room().current?.title ?? 'a song';

  return {
    code,
    room,
    members,
    online,
    synced,
    loadedLocally,
    access,
    fatal,
    notice,
    pendingIds,
    skipVotes,
    clearNotice: () => setNotice(null),
    serverNowMs: () => clock.serverNow(localNowMs()),
    canUndo,
    removed,
    add: (tracks: Track[], mode: AddMode) => {
      const entryIds = resetting ? [] : queueUndo.record(() => addTracks(link.doc, tracks, me, mode), (added) => ({ action: 'add', entries: added.map((e) => ({ id: e.id, title: e.title })) })).map((e) => e.id);
      intents.record({ action: 'add', tracks, where: mode, entryIds });
    },
    move: (entryId: string, toIndex: number): boolean => {
      const title = titleOf(entryId);
      const moved = resetting || queueUndo.record(() => moveEntry(link.doc, entryId, toIndex), () => ({ action: 'move', entryId, title }));
      if (moved) intents.record({ action: 'move', entryId, toIndex, title });
      return moved;
    },
    remove: (entryId: string): boolean => {
      const title = titleOf(entryId);
      const entry = resetting ? null : readEntry(link.doc, entryId);
      // Where it was, for an undo once the room has deleted it (it is added again there).
      const index = Math.max(0, readUpNext(link.doc).findIndex((e) => e.id === entryId));
      const done = resetting || (!!entry && queueUndo.record(() => removeEntry(link.doc, entryId), () => ({ action: 'remove', entry, index })));
      if (done) intents.record({ action: 'remove', entryId, title });
      return done;
    },
    /**
     * Undoes my latest queue edit; returns what it did, in words (null: nothing to undo). Dropping the
     * undone step's intents would not keep the log right (the step may have reached the room already), so
     * the undo's own effect is recorded as intents: an undone add as removes of its entries, a move as a
     * move back, a remove as an add (skipped on replay while the entry is still there).
     */
    undo: (): string | null => {
      if (resetting || fatal()) return null;
      const result = queueUndo.undo(me);
      for (const intent of result?.intents ?? []) intents.record(intent);
      return result?.sentence ?? null;
    },
    /** The room chat and reactions (chat.ts). */
    chat: chat.view,
    command: (command: RoomCommand) => link.provider.sendStateless(JSON.stringify(commandMessage(command, room().playback?.entryId ?? null))),
    setActivity: (value: string) => {
      activity = value;
      link.awareness?.setLocalStateField('activity', value);
    },
    destroy: () => {
      destroyed = true;
      chat.dispose();
      queueUndo.destroy();
      clearInterval(pinger);
      clearTimeout(crowdedTimer);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      batch(() => setStatus(WebSocketStatus.Disconnected));
      void link.close();
    },
  };
}

export type RoomConnection = ReturnType<typeof connectRoom>;
