// Playback transitions. Only the server runs these (clients send requests), with its own clock, so
// nobody can forge a timestamp and concurrent requests resolve in one place.
import { generateKeyBetween } from 'fractional-indexing';
import type * as Y from 'yjs';
import {
  LIMITS, currentEntry, historyArray, playbackMap, positionAt, queueMap, readEntry, readPlayback, readQueue, votesMap,
  type HistoryEntry, type Playback, type QueueEntry,
} from './doc.ts';
import { writeEntry } from './mutations.ts';

/** `updatedBy` of a pause the server made because the room's last listener left (the unattended-room rule). */
export const UNATTENDED = 'unattended';

/** Starts are scheduled this far ahead so every client can begin the track at the same moment. */
export const START_LEAD_MS = 300;

export function writePlayback(doc: Y.Doc, p: Partial<Playback>) {
  const m = playbackMap(doc);
  doc.transact(() => { for (const [k, v] of Object.entries(p)) if (m.get(k) !== v) m.set(k, v); });
}

/** Server time at which the current track ends, or null when nothing is playing. */
export function endsAtMs(doc: Y.Doc): number | null {
  const p = readPlayback(doc);
  const e = currentEntry(doc);
  if (p.status !== 'playing' || !e) return null;
  return p.atServerMs + Math.max(0, e.durationS * 1000 - p.positionMs);
}

function toHistory(doc: Y.Doc, entryId: string, nowMs: number) {
  const entry = readEntry(doc, entryId);
  if (!entry) return;
  const { position: _p, ...e } = entry;
  const h = historyArray(doc);
  h.push([{ ...e, playedAt: nowMs } as HistoryEntry]);
  if (h.length > LIMITS.historyEntries) h.delete(0, h.length - LIMITS.historyEntries);
  queueMap(doc).delete(entryId);
}

/** startAtMs: when the entry starts (a track-end advance starts the next one exactly at the end); else a lead ahead. */
function start(doc: Y.Doc, entryId: string | null, nowMs: number, by: string, status: Playback['status'] = 'playing', startAtMs?: number) {
  // Votes were for the entry that was playing: a new current entry starts with none.
  pruneVotes(doc, entryId);
  writePlayback(doc, entryId
    ? { entryId, status, positionMs: 0, atServerMs: status === 'playing' ? (startAtMs ?? nowMs + START_LEAD_MS) : nowMs, updatedBy: by }
    : { entryId: null, status: 'paused', positionMs: 0, atServerMs: nowMs, updatedBy: by });
}

/**
 * Moves the current entry to history and starts the first remaining one. `expectEntryId` makes it
 * idempotent: ten "next" presses (or a timer racing a press) for one entry advance once. `startAtMs`: see start().
 */
export function advance(doc: Y.Doc, expectEntryId: string | null, nowMs: number, by: string, startAtMs?: number): boolean {
  const p = readPlayback(doc);
  if (expectEntryId !== null && p.entryId !== expectEntryId) return false;
  doc.transact(() => {
    if (p.entryId) toHistory(doc, p.entryId, nowMs);
    const next = readQueue(doc)[0] ?? null;
    start(doc, next?.id ?? null, nowMs, by, p.status, startAtMs);
  });
  return true;
}

export function play(doc: Y.Doc, nowMs: number, by: string) {
  const p = readPlayback(doc);
  if (!currentEntry(doc)) {
    const first = readQueue(doc)[0];
    if (first) start(doc, first.id, nowMs, by);
    return;
  }
  if (p.status !== 'playing') writePlayback(doc, { status: 'playing', atServerMs: nowMs + START_LEAD_MS, updatedBy: by });
}

export function pause(doc: Y.Doc, nowMs: number, by: string) {
  const p = readPlayback(doc);
  if (p.status === 'playing') writePlayback(doc, { status: 'paused', positionMs: positionAt(p, nowMs), atServerMs: nowMs, updatedBy: by });
}

export function seek(doc: Y.Doc, positionMs: number, nowMs: number, by: string) {
  const e = currentEntry(doc);
  if (!e) return;
  const playing = readPlayback(doc).status === 'playing';
  const clamped = Math.max(0, Math.min(Math.floor(positionMs), e.durationS * 1000));
  writePlayback(doc, { positionMs: clamped, atServerMs: nowMs + (playing ? START_LEAD_MS : 0), updatedBy: by });
}

/** Makes an Up Next entry current now; the entry that was playing goes to history. */
export function jump(doc: Y.Doc, entryId: string, nowMs: number, by: string): boolean {
  const entry = readEntry(doc, entryId);
  const p = readPlayback(doc);
  if (!entry || p.entryId === entryId) return false;
  doc.transact(() => {
    if (p.entryId) toHistory(doc, p.entryId, nowMs);
    const first = readQueue(doc)[0];
    if (first && first.id !== entryId) writeEntry(doc, { ...entry, position: generateKeyBetween(null, first.position) });
    start(doc, entryId, nowMs, by);
  });
  return true;
}

/** Back to the start of the track, or (within the first 3 s) to the last played entry. */
export function previous(doc: Y.Doc, nowMs: number, by: string) {
  const p = readPlayback(doc);
  const h = historyArray(doc);
  if ((currentEntry(doc) && positionAt(p, nowMs) > 3000) || h.length === 0) {
    seek(doc, 0, nowMs, by);
    return;
  }
  const last = h.get(h.length - 1);
  doc.transact(() => {
    h.delete(h.length - 1, 1);
    const first = readQueue(doc)[0];
    const { playedAt: _t, ...e } = last;
    writeEntry(doc, { ...e, position: generateKeyBetween(null, first?.position ?? null) });
    start(doc, e.id, nowMs, by);
  });
}

/** Keeps playback pointing at a real entry after the queue changed (e.g. someone removed the current one). */
export function repairPlayback(doc: Y.Doc, nowMs: number, by: string): boolean {
  const p = readPlayback(doc);
  if (!p.entryId || readEntry(doc, p.entryId)) return false;
  const next = readQueue(doc)[0] ?? null;
  start(doc, next?.id ?? null, nowMs, by, p.status);
  return true;
}

/** Flags entries the catalog could not resolve to audio (server only; clients may not write the flag). */
export function markUnplayable(doc: Y.Doc, entryIds: Iterable<string>): string[] {
  const marked: string[] = [];
  doc.transact(() => {
    for (const id of entryIds) {
      const entry = readEntry(doc, id);
      if (entry && entry.unplayable !== true) {
        writeEntry(doc, { ...entry, unplayable: true });
        marked.push(id);
      }
    }
  });
  return marked;
}

/**
 * While the current entry is flagged unplayable, drops it from the queue (it never played, so it does not
 * go to history) and moves on to the next entry with the same status. Returns the entries skipped.
 */
export function skipUnplayable(doc: Y.Doc, nowMs: number, by: string): QueueEntry[] {
  const skipped: QueueEntry[] = [];
  // Called on every change: nothing to do (the usual case) opens no transaction.
  if (!currentEntry(doc)?.unplayable) return skipped;
  doc.transact(() => {
    for (let e = currentEntry(doc); e?.unplayable; e = currentEntry(doc)) {
      skipped.push(e);
      queueMap(doc).delete(e.id);
      const next = readQueue(doc)[0] ?? null;
      start(doc, next?.id ?? null, nowMs, by, readPlayback(doc).status);
    }
  });
  return skipped;
}

/** Records one voter's vote to skip `entryId` (a second vote of theirs replaces the first). False when it was there already. */
export function castVote(doc: Y.Doc, voterId: string, entryId: string): boolean {
  const m = votesMap(doc);
  if (m.get(voterId) === entryId) return false;
  m.set(voterId, entryId);
  return true;
}

/** Drops every vote that is not for `currentEntryId`. True when it removed any. */
export function pruneVotes(doc: Y.Doc, currentEntryId: string | null): boolean {
  const m = votesMap(doc);
  const stale = [...m.entries()].filter(([, v]) => v !== currentEntryId).map(([k]) => k);
  if (stale.length) doc.transact(() => { for (const k of stale) m.delete(k); });
  return stale.length > 0;
}
