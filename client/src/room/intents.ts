// What this device asked of the queue and the server has not acknowledged yet. When the server cannot use
// the local copy (close 4422), the copy is dropped and these intents are made again on a fresh copy,
// through the same shared mutations, as far as the room still allows them.
import type * as Y from 'yjs';
import { queueMap, readEntry } from '../../../shared/room/doc.ts';
import { addTracks, moveEntry, removeEntry, type Adder, type NewTrack, type Where } from '../../../shared/room/mutations.ts';
import type { Permissions } from '../../../shared/room/permissions.ts';
import type { UndoneChange } from '../../../shared/room/protocol.ts';

export type Intent =
  | { action: 'add'; tracks: NewTrack[]; where: Where; entryIds: string[] }
  | { action: 'move'; entryId: string; toIndex: number; title: string }
  | { action: 'remove'; entryId: string; title: string };

/** Pending intents, oldest first; cleared when the server has acknowledged everything sent so far. */
export class IntentLog {
  private intents: Intent[] = [];

  record(intent: Intent) {
    this.intents.push(intent);
  }

  get size() {
    return this.intents.length;
  }

  acknowledged() {
    this.intents = [];
  }

  take(): Intent[] {
    const all = this.intents;
    this.intents = [];
    return all;
  }
}

export type Replayed = { applied: number; undone: UndoneChange[] };

/**
 * Makes `intents` again on `doc` (a fresh copy from the server) as `me`: adds need `add`; moves and removes
 * need `manage` or an entry of mine. An add already in the document landed before the refusal and is not
 * made twice; a move or remove of an entry that is gone has nothing left to do.
 */
export function replayIntents(doc: Y.Doc, intents: Intent[], me: Adder, permissions: Permissions, record: (i: Intent) => void): Replayed {
  const result: Replayed = { applied: 0, undone: [] };
  const queue = queueMap(doc);
  const mine = (entryId: string) => readEntry(doc, entryId)?.addedBy === me.id;
  for (const intent of intents) {
    if (intent.action === 'add') {
      // Missing: never landed, or removed since (an undone remove replays as an add after its remove).
      const missing = intent.tracks.filter((_, i) => !readEntry(doc, intent.entryIds[i] ?? ''));
      if (!missing.length) continue;
      if (!permissions.add) {
        for (const t of missing) result.undone.push({ action: 'add', title: t.title });
        continue;
      }
      const added = addTracks(doc, missing, me, intent.where);
      record({ action: 'add', tracks: missing, where: intent.where, entryIds: added.map((e) => e.id) });
      result.applied += missing.length;
    } else {
      if (!queue.has(intent.entryId)) continue;
      if (!permissions.manage && !mine(intent.entryId)) {
        result.undone.push({ action: intent.action, entryId: intent.entryId, title: intent.title });
        continue;
      }
      const done = intent.action === 'move' ? moveEntry(doc, intent.entryId, intent.toIndex) : removeEntry(doc, intent.entryId);
      if (done) {
        record(intent);
        result.applied++;
      }
    }
  }
  return result;
}

const verbs: Record<UndoneChange['action'], string> = { add: 'was not added', remove: 'was not removed', move: 'was not moved', edit: 'was not changed', server: 'was not changed' };

/** In words, for the room page: what happened to this device's copy and what of it did not survive. */
export function replayMessage({ applied, undone }: Replayed): string {
  const head = 'The room could not use this device\'s copy of the queue, so it was reloaded from the room';
  const again = applied ? `; ${applied === 1 ? 'your change was' : `${applied} of your changes were`} made again` : '';
  if (!undone.length) return `${head}${again}.`;
  const what = undone.map((c) => `${c.title ? `'${c.title}'` : 'a change'} ${verbs[c.action]}`).join(', ');
  return `${head}${again}. You may not change that part of the queue now: ${what}.`;
}

/** The titles of entries in `doc`, for intents that name them. */
export const titleOf = (doc: Y.Doc, entryId: string) => readEntry(doc, entryId)?.title ?? 'a song';
