// What a valid room document is. The server runs this on every incoming update (applied to a scratch
// copy first), so a client can never store a malformed entry, an oversized string or a foreign root type.
import { generateKeyBetween } from 'fractional-indexing';
import type * as Y from 'yjs';
import { DEFAULT_SETTINGS, ENTRY_FIELDS, LIMITS, ROOTS, historyArray, isPlainObject, isRemovedMark, playbackMap, queueMap, settingsMap, votesMap } from './doc.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown, max: number = LIMITS.stringChars) => typeof v === 'string' && v.length <= max;
const nonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function isOrderKey(v: unknown): v is string {
  if (!str(v) || v === '') return false;
  try {
    generateKeyBetween(v as string, null);
    return true;
  } catch {
    return false;
  }
}

/** Why an entry (one plain object under its id; a Y.Map is not one) is malformed, or null when it is fine. */
export function entryProblem(e: unknown, key: string): string | null {
  if (!isPlainObject(e)) return `queue entry ${key.slice(0, 40)} is not a plain object`;
  if (!UUID.test(key) || e.id !== key) return 'queue entry id must be a uuid equal to its key';
  for (const k of Object.keys(e)) {
    if (!(ENTRY_FIELDS as readonly string[]).includes(k)) {
      return `queue entry has an unknown field ${k.slice(0, 40)}`;
    }
  }
  if (!str(e.videoId) || !(e.videoId as string)) return 'videoId must be a non-empty string';
  if (!str(e.title) || !str(e.artist)) return `title and artist must be strings of at most ${LIMITS.stringChars} characters`;
  if ((e.album !== undefined && !str(e.album)) || (e.thumbnailUrl !== undefined && !str(e.thumbnailUrl))) return 'album and thumbnailUrl must be short strings';
  if (!nonNegative(e.durationS) || (e.durationS as number) > 24 * 3600) return 'durationS must be a number of seconds';
  if (!str(e.addedBy) || !str(e.addedByName)) return 'addedBy and addedByName must be short strings';
  if (!nonNegative(e.addedAt)) return 'addedAt must be a timestamp';
  if (!isOrderKey(e.position)) return 'position must be a fractional-index key';
  if (e.unplayable !== undefined && e.unplayable !== true) return 'unplayable is a flag the server sets';
  return null;
}

function historyProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'history entries must be objects';
  const e = v as Record<string, unknown>;
  return str(e.id) && str(e.videoId) && str(e.title) && str(e.artist) && nonNegative(e.durationS) ? null : 'malformed history entry';
}

/** Why the document is invalid, or null. Size in bytes is checked by whoever has the encoded state. */
export function docProblem(doc: Y.Doc): string | null {
  for (const name of doc.share.keys()) if (!(ROOTS as readonly string[]).includes(name)) return `unknown root type ${name.slice(0, 40)}`;
  const queue = queueMap(doc);
  if (queue.size > LIMITS.queueEntries) return `the queue holds at most ${LIMITS.queueEntries} entries`;
  for (const [k, v] of queue) {
    const p = isRemovedMark(v) ? null : entryProblem(v, k);
    if (p) return p;
  }
  const history = historyArray(doc);
  if (history.length > LIMITS.historyEntries + 50) return 'history is too long';
  for (const h of history) {
    const p = historyProblem(h);
    if (p) return p;
  }
  return playbackProblem(playbackMap(doc)) ?? settingsProblem(settingsMap(doc)) ?? votesProblem(votesMap(doc));
}

export function playbackProblem(m: Y.Map<unknown>): string | null {
  for (const [k, v] of m) {
    const ok = k === 'entryId' ? v === null || str(v) : k === 'status' ? v === 'playing' || v === 'paused'
      : k === 'positionMs' || k === 'atServerMs' ? nonNegative(v) : k === 'updatedBy' ? str(v) : false;
    if (!ok) return `bad playback field ${k.slice(0, 40)}`;
  }
  return null;
}

export function settingsProblem(m: Y.Map<unknown>): string | null {
  for (const [k, v] of m) {
    const d = (DEFAULT_SETTINGS as Record<string, unknown>)[k];
    if (d === undefined || typeof v !== typeof d) return `bad settings field ${k.slice(0, 40)}`;
  }
  return null;
}

/** Skip votes: voter key -> the entry id voted for, both short strings (a flat map, nothing nested). */
export function votesProblem(m: Y.Map<unknown>): string | null {
  if (m.size > LIMITS.queueEntries) return 'too many skip votes';
  for (const [k, v] of m) if (!str(k, 64) || !str(v, 64)) return `bad skip vote ${k.slice(0, 40)}`;
  return null;
}
