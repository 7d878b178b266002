// TEMPORARY stand-in for shared/room-doc.ts (rooms branch, not merged yet): the same names, signatures and
// semantics for the subset the client uses, so the swap is an import change. Delete once main has it.
import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import type { Playback } from '../player/types.ts';
import type { QueueEntry, RoomSettings } from './types.ts';

export const roomDocName = (code: string) => `room:${code.toUpperCase()}`;
export const DEFAULT_SETTINGS: RoomSettings = { whoCanEdit: 'everyone', whoCanControl: 'everyone', autoplay: false, skipVotes: 0, fairShare: false };

type Stored = QueueEntry & { position: string };
export type NewTrack = { videoId: string; title: string; artist: string; album?: string | null; thumbnailUrl?: string | null; durationS: number };
export type Adder = { id: string; name: string };
export type Where = 'end' | 'next' | { index: number };

const queueMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('queue');
const compare = (a: Stored, b: Stored) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function readQueue(doc: Y.Doc): Stored[] {
  const out: Stored[] = [];
  for (const v of queueMap(doc).values()) if (v instanceof Y.Map) out.push(v.toJSON() as Stored);
  return out.sort(compare);
}

export function readPlayback(doc: Y.Doc): Playback {
  const m = doc.getMap<unknown>('playback');
  return {
    entryId: (m.get('entryId') as string | null | undefined) ?? null,
    status: m.get('status') === 'playing' ? 'playing' : 'paused',
    positionMs: (m.get('positionMs') as number | undefined) ?? 0,
    atServerMs: (m.get('atServerMs') as number | undefined) ?? 0,
    updatedBy: (m.get('updatedBy') as string | undefined) ?? '',
  };
}

export function readUpNext(doc: Y.Doc, queue = readQueue(doc), current = readPlayback(doc).entryId): Stored[] {
  const i = current ? queue.findIndex((e) => e.id === current) : -1;
  return i < 0 ? queue : queue.slice(i + 1);
}

export const readHistory = (doc: Y.Doc): QueueEntry[] => doc.getArray<QueueEntry>('history').toArray();

export function readSettings(doc: Y.Doc): RoomSettings {
  const m = doc.getMap<unknown>('settings');
  const s = { ...DEFAULT_SETTINGS } as Record<string, unknown>;
  for (const [k, d] of Object.entries(DEFAULT_SETTINGS)) if (typeof m.get(k) === typeof d) s[k] = m.get(k);
  return s as RoomSettings;
}

function layout(doc: Y.Doc) {
  const queue = readQueue(doc);
  const currentId = readPlayback(doc).entryId;
  const ci = currentId ? queue.findIndex((e) => e.id === currentId) : -1;
  return { current: ci >= 0 ? queue[ci] : null, upNext: ci >= 0 ? queue.slice(ci + 1) : queue };
}

function keyAt(prev: Stored | null, list: Stored[], index: number): string {
  const lo = index > 0 ? list[index - 1].position : (prev?.position ?? null);
  const hi = list.slice(index).find((e) => lo === null || e.position > lo)?.position ?? null;
  return generateKeyBetween(lo, hi);
}

export function addTracks(doc: Y.Doc, tracks: NewTrack[], by: Adder, where: Where = 'end', nowMs = Date.now()): QueueEntry[] {
  const added: QueueEntry[] = [];
  doc.transact(() => {
    for (const t of tracks) {
      const { current, upNext } = layout(doc);
      const index = where === 'next' ? added.length : where === 'end' ? upNext.length : Math.max(0, Math.min(upNext.length, where.index + added.length));
      const entry: Stored = {
        id: crypto.randomUUID(), videoId: t.videoId, title: t.title, artist: t.artist,
        ...(t.album ? { album: t.album } : {}), ...(t.thumbnailUrl ? { thumbnailUrl: t.thumbnailUrl } : {}),
        durationS: t.durationS, addedBy: by.id, addedByName: by.name, addedAt: nowMs, position: keyAt(current, upNext, index),
      };
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(entry)) m.set(k, v);
      queueMap(doc).set(entry.id, m);
      added.push(entry);
    }
  });
  return added;
}

export function removeEntry(doc: Y.Doc, entryId: string): boolean {
  if (!queueMap(doc).has(entryId)) return false;
  queueMap(doc).delete(entryId);
  return true;
}

export function moveEntry(doc: Y.Doc, entryId: string, toIndex: number): boolean {
  const m = queueMap(doc).get(entryId);
  if (!(m instanceof Y.Map)) return false;
  const { current, upNext } = layout(doc);
  if (current?.id === entryId) return false;
  const rest = upNext.filter((e) => e.id !== entryId);
  m.set('position', keyAt(current, rest, Math.max(0, Math.min(rest.length, Math.floor(toIndex)))));
  return true;
}
