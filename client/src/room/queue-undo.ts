// Undo for this device's own queue edits, one step per add, move or remove. A Y.UndoManager on the queue
// map tracks only transactions with origin null: the shared mutations (shared/room/mutations.ts) pass no
// origin, while the provider applies the room's updates with itself as origin and y-indexeddb its loads
// with the persistence object (room-link.ts), so neither the room's edits nor a reload become undo steps.
// Yjs never brings back a value someone else wrote since; the room judges an undo like any other edit.
import * as Y from 'yjs';
import { queueMap, readEntry, readUpNext, type QueueEntry } from '../../../shared/room/doc.ts';
import { addTracks, type Adder, type NewTrack } from '../../../shared/room/mutations.ts';
import type { Intent } from './intents.ts';

export type QueueStep =
  | { action: 'add'; entries: Array<{ id: string; title: string }> }
  | { action: 'move'; entryId: string; title: string }
  | { action: 'remove'; entry: QueueEntry; index: number };

/** What an undo did, in words, and the intents that make it again on a fresh copy (see connection.ts). */
export type UndoResult = { sentence: string; intents: Intent[] };

/** Edits an undo makes outside the UndoManager (a removed entry added again): not a step of their own. */
const UNDO_ORIGIN = Symbol('queue-undo');

const trackOf = (e: QueueEntry): NewTrack => ({ videoId: e.videoId, title: e.title, artist: e.artist, album: e.album, thumbnailUrl: e.thumbnailUrl, durationS: e.durationS });

/** "Neon Drift" or "3 songs". */
export function stepLabel(step: QueueStep): string {
  if (step.action === 'add') return step.entries.length === 1 ? step.entries[0].title : `${step.entries.length} songs`;
  return step.action === 'move' ? step.title : step.entry.title;
}
const verbs = { add: 'adding', move: 'moving', remove: 'removing' } as const;

export function createQueueUndo(doc: Y.Doc, onCanUndo: (canUndo: boolean) => void) {
  const queue = queueMap(doc);
  // captureTimeout 0: quick successive edits stay separate steps.
  const manager = new Y.UndoManager(queue, { trackedOrigins: new Set([null]), captureTimeout: 0 });
  const notify = () => onCanUndo(manager.undoStack.length > 0);
  manager.on('stack-item-added', notify);
  manager.on('stack-item-popped', notify);
  manager.on('stack-cleared', notify);
  const upNextIndex = (entryId: string) => Math.max(0, readUpNext(doc).findIndex((e) => e.id === entryId));

  /** The room already deleted the removed entry: its key cannot come back (a set on a removed key stays
   * removed: server/rooms/compensate.ts), so the song is added again, as a new entry, where it was. */
  function addAgain(step: Extract<QueueStep, { action: 'remove' }>, me: Adder): UndoResult {
    manager.undoStack.pop();
    notify();
    const tracks = [trackOf(step.entry)];
    const added = doc.transact(() => addTracks(doc, tracks, me, { index: step.index }), UNDO_ORIGIN);
    return { sentence: `Undid removing ${step.entry.title}.`, intents: [{ action: 'add', tracks, where: { index: step.index }, entryIds: added.map((e) => e.id) }] };
  }

  /** After the UndoManager reversed `step`: what changed, as intents. */
  function intentsAfter(step: QueueStep): Intent[] {
    if (step.action === 'add') return step.entries.filter((e) => !readEntry(doc, e.id)).map((e) => ({ action: 'remove', entryId: e.id, title: e.title }));
    const entryId = step.action === 'move' ? step.entryId : step.entry.id;
    const entry = readEntry(doc, entryId);
    if (!entry) return [];
    const index = upNextIndex(entryId);
    return step.action === 'move'
      ? [{ action: 'move', entryId, toIndex: index, title: entry.title }]
      : [{ action: 'add', tracks: [trackOf(entry)], where: { index }, entryIds: [entryId] }];
  }

  return {
    /** Runs a local edit; when it changed the queue, `describe` names the step (for undo's words). */
    record<T>(edit: () => T, describe: (result: T) => QueueStep): T {
      const before = manager.undoStack.length;
      const result = edit();
      if (manager.undoStack.length > before) manager.undoStack[manager.undoStack.length - 1].meta.set('step', describe(result));
      return result;
    },
    /** Undoes my latest step (never an older one instead); null when there is none. */
    undo(me: Adder): UndoResult | null {
      const top = manager.undoStack.at(-1);
      if (!top) return null;
      const step = top.meta.get('step') as QueueStep | undefined;
      if (step?.action === 'remove' && !queue.has(step.entry.id)) return addAgain(step, me);
      // Alone on the stack: when this step can change nothing, Yjs would go on to undo the one before.
      const older = manager.undoStack.splice(0, manager.undoStack.length - 1);
      const changed = manager.undo() !== null;
      manager.undoStack.unshift(...older);
      manager.clear(false, true); // no redo
      notify();
      if (!step) return { sentence: changed ? 'Undid your last change to the queue.' : 'Could not undo: someone changed that part of the queue since.', intents: [] };
      const what = `${verbs[step.action]} ${stepLabel(step)}`;
      if (!changed) return { sentence: `Could not undo ${what}: someone changed it since.`, intents: [] };
      return { sentence: `Undid ${what}.`, intents: intentsAfter(step) };
    },
    /** Forgets every step (edits replayed on a fresh copy are not mine to undo one by one). */
    clear: () => manager.clear(),
    destroy: () => manager.destroy(),
  };
}

export type QueueUndo = ReturnType<typeof createQueueUndo>;
