// The room document's shape and typed readers. Document name `room:<CODE>`. Nobody outside shared/room
// touches the raw Y types: client and server read and write through these functions.
import * as Y from 'yjs';

export const roomDocName = (code: string) => `room:${code.toUpperCase()}`;
export const roomCodeFromDocName = (name: string) => (/^room:([A-Z2-9]{6})$/.exec(name)?.[1] ?? null);

export const LIMITS = { queueEntries: 5000, historyEntries: 500, stringChars: 500, docBytes: 2 * 1024 * 1024 } as const;

/** Who added an entry the room's radio (autoplay) added. */
export const RADIO = { id: 'radio', name: 'Room radio' } as const;

export type Who = 'everyone' | 'members' | 'host';
export type RoomSettings = { whoCanEdit: Who; whoCanControl: Who; autoplay: boolean; skipVotes: number; fairShare: boolean };
export const DEFAULT_SETTINGS: RoomSettings = { whoCanEdit: 'everyone', whoCanControl: 'everyone', autoplay: false, skipVotes: 0, fairShare: false };

/** A track in the queue. `position` is a fractional-index key; the order is (position, id). */
export type QueueEntry = {
  id: string;
  videoId: string;
  title: string;
  artist: string;
  album?: string;
  thumbnailUrl?: string;
  durationS: number;
  addedBy: string;
  addedByName: string;
  addedAt: number;
  position: string;
  /** Set by the server only, when the catalog found no playable audio: the entry is skipped when it comes up. */
  unplayable?: boolean;
};
export type HistoryEntry = Omit<QueueEntry, 'position'> & { playedAt: number };

export type PlaybackStatus = 'playing' | 'paused';
/** While playing, the position at server time T is positionMs + (T - atServerMs). */
export type Playback = { entryId: string | null; status: PlaybackStatus; positionMs: number; atServerMs: number; updatedBy: string };
export const IDLE_PLAYBACK: Playback = { entryId: null, status: 'paused', positionMs: 0, atServerMs: 0, updatedBy: '' };

export const ENTRY_FIELDS = ['id', 'videoId', 'title', 'artist', 'album', 'thumbnailUrl', 'durationS', 'addedBy', 'addedByName', 'addedAt', 'position', 'unplayable'] as const;

// Root types. `queue` is a Y.Map keyed by entry id whose values are plain QueueEntry objects: one Yjs item
// per entry (a Y.Map per entry, an item per field, cost ~5x the heap: ~500 vs ~90 KiB for 100 entries).
// A move sets the whole value again with a new `position`, so concurrent moves of one entry are concurrent
// sets of one key: one value survives, never a duplicate and never a loss (a Y.Array move is delete +
// insert and can duplicate); the room makes it the move that reached it last. A member's remove is a set
// too, of REMOVED_MARK, which the room then deletes: a plain delete only deletes the value its sender had
// seen, so a move or the room's flag written meanwhile would silently undo it, while a set meets them in
// the same key. So a remove wins over a concurrent move or flag in either order (server/rooms/compensate.ts).
// `votes` is a flat map voter key -> entry id voted for (server only), so a skip vote counts room-wide. A
// voter key is `user:<id>` for a signed-in member and `net:<hash>` for guests, one per network (never the
// address itself: every member reads this document).
export const ROOTS = ['queue', 'history', 'playback', 'settings', 'votes'] as const;
/** Values are unknown until read: a peer may have written anything (readers take plain objects only). */
export const queueMap = (doc: Y.Doc) => doc.getMap<unknown>('queue');
export const historyArray = (doc: Y.Doc) => doc.getArray<HistoryEntry>('history');
export const playbackMap = (doc: Y.Doc) => doc.getMap<unknown>('playback');
export const settingsMap = (doc: Y.Doc) => doc.getMap<unknown>('settings');
export const votesMap = (doc: Y.Doc) => doc.getMap<unknown>('votes');

/** What a member's remove writes under the entry's id; the room deletes the key when it accepts it. */
export const REMOVED_MARK = { removed: true } as const;
export const isRemovedMark = (v: unknown) => isPlainObject(v) && v.removed === true;

/** A JSON object as Yjs stores it (not an array, not a Y type): the only shape a queue entry may have. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A copy of a stored entry with only its known fields (the stored object itself is never handed out). */
export function entryFrom(value: Record<string, unknown>): QueueEntry {
  const e = Object.fromEntries(ENTRY_FIELDS.map((k) => [k, value[k]]).filter(([, v]) => v !== undefined && v !== null));
  return e as QueueEntry;
}

/**
 * The entry under `id`, or null. A local copy saved before entries were plain values holds Y.Maps until
 * the room's rewrite arrives (server/rooms/persistence.ts): they read the same meanwhile.
 */
export function readEntry(doc: Y.Doc, id: string): QueueEntry | null {
  return entryOf(queueMap(doc).get(id));
}
function entryOf(value: unknown): QueueEntry | null {
  if (value instanceof Y.Map) return entryFrom(value.toJSON());
  return isPlainObject(value) && !isRemovedMark(value) ? entryFrom(value) : null;
}

export const compareEntries = (a: { position: string; id: string }, b: { position: string; id: string }) =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Every entry in play order (the current entry included). */
export function readQueue(doc: Y.Doc): QueueEntry[] {
  const out: QueueEntry[] = [];
  for (const value of queueMap(doc).values()) {
    const e = entryOf(value);
    if (e) out.push(e);
  }
  return out.sort(compareEntries);
}

export function readPlayback(doc: Y.Doc): Playback {
  const m = playbackMap(doc);
  return {
    entryId: (m.get('entryId') as string | null | undefined) ?? null,
    status: m.get('status') === 'playing' ? 'playing' : 'paused',
    positionMs: (m.get('positionMs') as number | undefined) ?? 0,
    atServerMs: (m.get('atServerMs') as number | undefined) ?? 0,
    updatedBy: (m.get('updatedBy') as string | undefined) ?? '',
  };
}

/** Up Next: the queue after the current entry (entries sorted above it are left out). */
export function readUpNext(doc: Y.Doc, queue = readQueue(doc), current = readPlayback(doc).entryId): QueueEntry[] {
  const i = current ? queue.findIndex((e) => e.id === current) : -1;
  return i < 0 ? queue : queue.slice(i + 1);
}

export const readHistory = (doc: Y.Doc): HistoryEntry[] => historyArray(doc).toArray();

export function readSettings(doc: Y.Doc): RoomSettings {
  const m = settingsMap(doc);
  const s = { ...DEFAULT_SETTINGS };
  for (const k of Object.keys(DEFAULT_SETTINGS) as Array<keyof RoomSettings>) {
    const v = m.get(k);
    if (v !== undefined && typeof v === typeof DEFAULT_SETTINGS[k]) (s as Record<string, unknown>)[k] = v;
  }
  return s;
}

/** Where the current track is at server time `serverNowMs`. */
export function positionAt(p: Playback, serverNowMs: number): number {
  return p.status === 'playing' ? p.positionMs + Math.max(0, serverNowMs - p.atServerMs) : p.positionMs;
}

export function currentEntry(doc: Y.Doc): QueueEntry | null {
  const id = readPlayback(doc).entryId;
  return id ? readEntry(doc, id) : null;
}

/** How many voters (accounts, and guests' networks) voted to skip this entry. */
export function readVotes(doc: Y.Doc, entryId: string): number {
  let n = 0;
  for (const v of votesMap(doc).values()) if (v === entryId) n++;
  return n;
}

/**
 * Which turn of the current entry this is: the id of the write that made it current. Every node holding the
 * same document computes the same value; a seek or pause keeps it, and an entry that comes back (previous)
 * gets a new one, so "this entry ended in this turn" names one track end exactly.
 */
export function readPlaybackTurn(doc: Y.Doc): string | null {
  const item = (playbackMap(doc) as unknown as { _map: Map<string, { id: { client: number; clock: number } }> })._map.get('entryId');
  return item ? `${item.id.client}.${item.id.clock}` : null;
}
