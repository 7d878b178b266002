import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { queueMap, readEntry, readQueue } from '../../../shared/room/doc.ts';
import { addTracks, moveEntry, removeEntry } from '../../../shared/room/mutations.ts';
import { createQueueUndo, type QueueStep } from './queue-undo.ts';

const track = (title: string) => ({ videoId: title.toLowerCase(), title, artist: 'A', durationS: 100 });
const me = { id: 'me', name: 'Me' };
const bo = { id: 'bo', name: 'Bo' };
const titles = (doc: Y.Doc) => readQueue(doc).map((e) => e.title);

/** My copy and the room's, synced by hand: the room's updates arrive with an origin, as the provider's do. */
function setup() {
  const mine = new Y.Doc();
  const room = new Y.Doc();
  const pull = () => Y.applyUpdate(mine, Y.encodeStateAsUpdate(room, Y.encodeStateVector(mine)), 'provider');
  const push = () => Y.applyUpdate(room, Y.encodeStateAsUpdate(mine, Y.encodeStateVector(room)), 'client');
  const canUndo: boolean[] = [];
  const undo = createQueueUndo(mine, (can) => canUndo.push(can));
  const add = (title: string) => undo.record(() => addTracks(mine, [track(title)], me), (added): QueueStep => ({ action: 'add', entries: added.map((e) => ({ id: e.id, title })) }))[0];
  const move = (id: string, to: number) => undo.record(() => moveEntry(mine, id, to), (): QueueStep => ({ action: 'move', entryId: id, title: readEntry(mine, id)!.title }));
  const remove = (id: string, index: number) => {
    const entry = readEntry(mine, id)!;
    return undo.record(() => removeEntry(mine, id), (): QueueStep => ({ action: 'remove', entry, index }));
  };
  return { mine, room, pull, push, undo, canUndo, add, move, remove };
}

describe('createQueueUndo', () => {
  it('undoes my edits one step at a time, newest first, and says how to make each again', () => {
    const { mine, undo, canUndo, add, move } = setup();
    const a = add('Alpha');
    add('Bravo');
    move(a.id, 1);
    expect(titles(mine)).toEqual(['Bravo', 'Alpha']);
    expect(undo.undo(me)).toEqual({ sentence: 'Undid moving Alpha.', intents: [{ action: 'move', entryId: a.id, toIndex: 0, title: 'Alpha' }] });
    expect(titles(mine)).toEqual(['Alpha', 'Bravo']);
    const bravo = readQueue(mine)[1];
    expect(undo.undo(me)).toEqual({ sentence: 'Undid adding Bravo.', intents: [{ action: 'remove', entryId: bravo.id, title: 'Bravo' }] });
    expect(titles(mine)).toEqual(['Alpha']);
    undo.undo(me);
    expect(titles(mine)).toEqual([]);
    expect(undo.undo(me)).toBeNull();
    expect(canUndo.at(-1)).toBe(false);
  });

  it('leaves the room\'s edits alone', () => {
    const { mine, room, pull, undo, canUndo, add } = setup();
    addTracks(room, [track('Theirs')], bo);
    pull();
    expect(canUndo).toEqual([]);
    add('Mine');
    addTracks(room, [track('Later')], bo);
    pull();
    undo.undo(me);
    expect(titles(mine).sort()).toEqual(['Later', 'Theirs']);
  });

  it('brings a removed entry back: the same entry before the room judged it, a new one of mine after', () => {
    const { mine, room, pull, push, undo, remove } = setup();
    const [x, y] = addTracks(room, [track('X'), track('Y')], bo);
    pull();
    remove(y.id, 1);
    const before = undo.undo(me)!;
    expect(readEntry(mine, y.id)?.addedBy).toBe('bo'); // its key came back as it was
    expect(before.intents).toEqual([{ action: 'add', tracks: [expect.objectContaining({ title: 'Y' })], where: { index: 1 }, entryIds: [y.id] }]);

    remove(x.id, 0);
    push();
    queueMap(room).delete(x.id); // the room accepts the remove: the key is gone
    pull();
    const after = undo.undo(me)!;
    expect(after.sentence).toBe('Undid removing X.');
    expect(readQueue(mine).map((e) => [e.title, e.addedBy])).toEqual([['X', 'me'], ['Y', 'bo']]);
    expect(after.intents).toEqual([{ action: 'add', tracks: [expect.objectContaining({ title: 'X' })], where: { index: 0 }, entryIds: [readQueue(mine)[0].id] }]);
    expect(undo.undo(me)).toBeNull(); // adding it again is not a step of its own
  });

  it('does not reach past a step someone else overwrote to undo an older one', () => {
    const { mine, room, pull, push, undo, add } = setup();
    add('First');
    const second = add('Second');
    push();
    moveEntry(room, second.id, 0); // Bo moves my entry: Yjs will not take his value back
    pull();
    expect(undo.undo(me)?.sentence).toBe('Could not undo adding Second: someone changed it since.');
    expect(titles(mine)).toEqual(['Second', 'First']);
    expect(undo.undo(me)?.sentence).toBe('Undid adding First.');
  });
});
