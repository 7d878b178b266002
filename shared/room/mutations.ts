// Every queue edit a client may make. Each runs in one Yjs transaction; a move sets the entry again with
// only `position` changed (the room undoes any other change of an entry once added).
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import type * as Y from 'yjs';
import { REMOVED_MARK, entryFrom, queueMap, readEntry, readPlayback, readQueue, readSettings, type QueueEntry } from './doc.ts';

export type NewTrack = { videoId: string; title: string; artist: string; album?: string | null; thumbnailUrl?: string | null; durationS: number };
export type Adder = { id: string; name: string };
/** end: append (or the contributor's next turn with fairShare); next: right after the current entry; index: in Up Next. */
export type Where = 'end' | 'next' | { index: number };

const newId = () => globalThis.crypto.randomUUID();

/** The current entry (if any) and Up Next, in order. */
function layout(doc: Y.Doc) {
  const queue = readQueue(doc);
  const currentId = readPlayback(doc).entryId;
  const ci = currentId ? queue.findIndex((e) => e.id === currentId) : -1;
  return { current: ci >= 0 ? queue[ci] : null, upNext: ci >= 0 ? queue.slice(ci + 1) : queue };
}

/** The keys around slot `index` of Up Next. Tied keys (two clients inserting at one spot at once) cannot
 * take a key between them, so the upper bound is the first key above the lower one. */
function bounds(prev: QueueEntry | null, list: QueueEntry[], index: number): [string | null, string | null] {
  const lo = index > 0 ? list[index - 1].position : (prev?.position ?? null);
  for (let i = index; i < list.length; i++) {
    if (lo === null || list[i].position > lo) return [lo, list[i].position];
  }
  return [lo, null];
}

function keyAt(prev: QueueEntry | null, list: QueueEntry[], index: number): string {
  return generateKeyBetween(...bounds(prev, list, index));
}

/** Fair share: a contributor's k-th pending entry goes after every other contributor's k-th (round-robin). */
function fairIndex(upNext: QueueEntry[], addedBy: string): number {
  const seen = new Map<string, number>();
  const mine = upNext.filter((e) => e.addedBy === addedBy).length;
  let index = 0;
  upNext.forEach((e, i) => {
    const round = seen.get(e.addedBy) ?? 0;
    seen.set(e.addedBy, round + 1);
    if (round <= mine) index = i + 1;
  });
  return index;
}

/** Stores the entry as one plain value: its known fields only, absent ones left out. */
export function writeEntry(doc: Y.Doc, e: QueueEntry) {
  queueMap(doc).set(e.id, entryFrom(e));
}

/** Adds tracks in order; returns the new entries. With fairShare on, 'end' means each adder's next turn. */
export function addTracks(doc: Y.Doc, tracks: NewTrack[], by: Adder, where: Where = 'end', nowMs = Date.now()): QueueEntry[] {
  const { current, upNext } = layout(doc);
  const entry = (t: NewTrack, position: string): QueueEntry => ({
    id: newId(), videoId: t.videoId, title: t.title, artist: t.artist,
    ...(t.album ? { album: t.album } : {}), ...(t.thumbnailUrl ? { thumbnailUrl: t.thumbnailUrl } : {}),
    durationS: t.durationS, addedBy: by.id, addedByName: by.name, addedAt: nowMs, position,
  });
  let added: QueueEntry[];
  if (where === 'end' && readSettings(doc).fairShare) {
    added = tracks.map((t) => {
      const index = fairIndex(upNext, by.id);
      const e = entry(t, keyAt(current, upNext, index));
      upNext.splice(index, 0, e);
      return e;
    });
  } else {
    const index = where === 'next' ? 0 : where === 'end' ? upNext.length : Math.max(0, Math.min(upNext.length, Math.floor(where.index)));
    const [lo, hi] = bounds(current, upNext, index);
    const keys = generateNKeysBetween(lo, hi, tracks.length);
    added = tracks.map((t, i) => entry(t, keys[i]));
  }
  doc.transact(() => { for (const e of added) writeEntry(doc, e); });
  return added;
}

export const addTrack = (doc: Y.Doc, track: NewTrack, by: Adder, where: Where = 'end', nowMs = Date.now()) => addTracks(doc, [track], by, where, nowMs)[0];

/** Marks the entry removed (see REMOVED_MARK in doc.ts: the room deletes it once it has judged the remove). */
export function removeEntry(doc: Y.Doc, entryId: string): boolean {
  if (!readEntry(doc, entryId)) return false;
  queueMap(doc).set(entryId, { ...REMOVED_MARK });
  return true;
}

/** Moves an entry to `toIndex` in Up Next (counted without the entry itself). */
export function moveEntry(doc: Y.Doc, entryId: string, toIndex: number): boolean {
  const entry = readEntry(doc, entryId);
  if (!entry) return false;
  const { current, upNext } = layout(doc);
  if (current?.id === entryId) return false;
  const rest = upNext.filter((e) => e.id !== entryId);
  const index = Math.max(0, Math.min(rest.length, Math.floor(toIndex)));
  writeEntry(doc, { ...entry, position: keyAt(current, rest, index) });
  return true;
}

/** Removes Up Next (the current entry keeps playing). */
export function clearQueue(doc: Y.Doc) {
  const { upNext } = layout(doc);
  doc.transact(() => { for (const e of upNext) removeEntry(doc, e.id); });
}

export function shuffleQueue(doc: Y.Doc, random: () => number = Math.random) {
  const { current, upNext } = layout(doc);
  const order = upNext.slice();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const keys = generateNKeysBetween(current?.position ?? null, null, order.length);
  doc.transact(() => order.forEach((e, i) => writeEntry(doc, { ...e, position: keys[i] })));
}
