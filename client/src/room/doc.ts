// Reads and edits of the room document, following the shape in the rooms issue (queue: Y.Map of Y.Maps
// ordered by fractional `position`; history: Y.Array; playback and settings: Y.Maps).
// TEMPORARY: replaced by the shared module (shared/room-doc.ts) once it lands; nothing else in the client
// touches Y types.
import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import type { Track } from '../api/types.ts';
import type { Playback } from '../player/types.ts';
import type { AddMode, QueueEntry, RoomSettings } from './types.ts';

export const roomDocName = (code: string) => `room:${code.toUpperCase()}`;

type Stored = QueueEntry & { position: string };

const queueMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('queue');

const byPosition = (a: Stored, b: Stored) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function readAll(doc: Y.Doc): Stored[] {
  const out: Stored[] = [];
  queueMap(doc).forEach((value) => {
    const e = (value instanceof Y.Map ? value.toJSON() : value) as Stored;
    if (e && typeof e.id === 'string' && typeof e.position === 'string') out.push(e);
  });
  return out.sort(byPosition);
}

export const DEFAULT_SETTINGS: RoomSettings = { whoCanEdit: 'everyone', whoCanControl: 'everyone', autoplay: true, skipVotes: 2, fairShare: false };

export function readRoom(doc: Y.Doc) {
  const playbackMap = doc.getMap('playback').toJSON() as Partial<Playback>;
  const playback: Playback | null =
    typeof playbackMap.status === 'string'
      ? { entryId: playbackMap.entryId ?? null, status: playbackMap.status, positionMs: Number(playbackMap.positionMs) || 0, atServerMs: Number(playbackMap.atServerMs) || 0, updatedBy: playbackMap.updatedBy }
      : null;
  const all = readAll(doc);
  const history = (doc.getArray<unknown>('history').toJSON() as QueueEntry[]).filter((e) => e && typeof e.id === 'string');
  const settings = { ...DEFAULT_SETTINGS, ...(doc.getMap('settings').toJSON() as Partial<RoomSettings>) };
  const current = all.find((e) => e.id === playback?.entryId) ?? null;
  return { upNext: all.filter((e) => e !== current), current, history, playback, settings };
}

export type Actor = { id: string; name: string };

function newEntry(track: Track, position: string, actor: Actor): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  const id = crypto.randomUUID();
  const fields: Record<string, unknown> = {
    id, videoId: track.videoId, title: track.title, artist: track.artist, durationS: track.durationS,
    addedBy: actor.id, addedByName: actor.name, addedAt: Date.now(), position,
  };
  if (track.album) fields.album = track.album;
  if (track.thumbnailUrl) fields.thumbnailUrl = track.thumbnailUrl;
  for (const [k, v] of Object.entries(fields)) m.set(k, v);
  return m;
}

/** A key strictly between two neighbours; equal neighbours (concurrent inserts) fall back to the next distinct one. */
function keyAfter(list: Stored[], index: number): string {
  const before = list[index - 1]?.position ?? null;
  const after = list.slice(index).find((e) => before === null || e.position > before)?.position ?? null;
  return generateKeyBetween(before, after);
}

export function addTracks(doc: Y.Doc, tracks: Track[], mode: AddMode, actor: Actor): string[] {
  const ids: string[] = [];
  doc.transact(() => {
    const all = readAll(doc);
    const currentId = readRoom(doc).playback?.entryId;
    let index = mode === 'next' ? all.findIndex((e) => e.id === currentId) + 1 : all.length;
    for (const track of tracks) {
      const m = newEntry(track, keyAfter(all, index), actor);
      const stored = m.toJSON() as Stored;
      queueMap(doc).set(stored.id, m);
      all.splice(index, 0, stored);
      index++;
      ids.push(stored.id);
    }
  });
  return ids;
}

/** toIndex counts within Up Next (the queue without the current entry). */
export function moveEntry(doc: Y.Doc, entryId: string, toIndex: number): void {
  const { upNext } = readRoom(doc);
  const rest = upNext.filter((e) => e.id !== entryId) as Stored[];
  const target = queueMap(doc).get(entryId);
  if (!(target instanceof Y.Map)) return;
  target.set('position', keyAfter(rest, Math.max(0, Math.min(rest.length, toIndex))));
}

export function removeEntry(doc: Y.Doc, entryId: string): void {
  queueMap(doc).delete(entryId);
}

export function updateSettings(doc: Y.Doc, changes: Partial<RoomSettings>): void {
  doc.transact(() => {
    const m = doc.getMap('settings');
    for (const [k, v] of Object.entries(changes)) m.set(k, v);
  });
}
