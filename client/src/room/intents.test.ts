import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { queueMap, readQueue } from '../../../shared/room/doc.ts';
import { addTracks } from '../../../shared/room/mutations.ts';
import { IntentLog, replayIntents, replayMessage, type Intent } from './intents.ts';
import { membersFrom } from './presence.ts';

const track = (title: string) => ({ videoId: title.toLowerCase(), title, artist: 'A', durationS: 100 });
const me = { id: 'me', name: 'Me' };
const everything = { add: true, manage: true, control: true, chat: true };

describe('replayIntents', () => {
  it('makes pending adds, moves and removes again on a fresh copy', () => {
    const fresh = new Y.Doc();
    const [theirs, mine] = [addTracks(fresh, [track('Theirs')], { id: 'bo', name: 'Bo' })[0], addTracks(fresh, [track('Mine')], me)[0]];
    const log = new IntentLog();
    const intents: Intent[] = [
      { action: 'add', tracks: [track('New')], where: 'end', entryIds: ['lost-id'] },
      { action: 'move', entryId: mine.id, toIndex: 0, title: 'Mine' },
      { action: 'remove', entryId: theirs.id, title: 'Theirs' },
    ];
    const result = replayIntents(fresh, intents, me, everything, (i) => log.record(i));
    expect(result).toEqual({ applied: 3, undone: [] });
    expect(readQueue(fresh).map((e) => e.title)).toEqual(['Mine', 'New']);
    expect(log.size).toBe(3);
    expect(replayMessage(result)).toMatch(/reloaded from the room; 3 of your changes were made again\.$/);
  });

  it('leaves out what the room no longer allows, and adds that already landed', () => {
    const fresh = new Y.Doc();
    const theirs = addTracks(fresh, [track('Theirs')], { id: 'bo', name: 'Bo' })[0];
    const landed = addTracks(fresh, [track('Landed')], me)[0];
    const intents: Intent[] = [
      { action: 'add', tracks: [track('Landed')], where: 'end', entryIds: [landed.id] },
      { action: 'add', tracks: [track('Neon Drift')], where: 'end', entryIds: ['x'] },
      { action: 'remove', entryId: theirs.id, title: 'Theirs' },
      { action: 'move', entryId: landed.id, toIndex: 0, title: 'Landed' },
    ];
    const result = replayIntents(fresh, intents, me, { add: false, manage: false, control: false, chat: true }, () => {});
    expect(result.applied).toBe(1); // moving my own entry needs no `manage`
    expect(result.undone).toEqual([{ action: 'add', title: 'Neon Drift' }, { action: 'remove', entryId: theirs.id, title: 'Theirs' }]);
    expect(readQueue(fresh).map((e) => e.title)).toEqual(['Landed', 'Theirs']);
    expect(replayMessage(result)).toContain("'Neon Drift' was not added, 'Theirs' was not removed");
  });
});

describe('replayIntents after an undo', () => {
  it('makes an undone remove again as an add, whether the remove had landed or not', () => {
    for (const landed of [false, true]) {
      const fresh = new Y.Doc();
      const entry = addTracks(fresh, [track('Back')], me)[0];
      if (landed) queueMap(fresh).delete(entry.id);
      const intents: Intent[] = [
        { action: 'remove', entryId: entry.id, title: 'Back' },
        { action: 'add', tracks: [track('Back')], where: { index: 0 }, entryIds: [entry.id] },
      ];
      replayIntents(fresh, intents, me, everything, () => {});
      expect(readQueue(fresh).map((e) => e.title)).toEqual(['Back']);
    }
  });
});

describe('membersFrom', () => {
  it('shows a person once: my own state first, else the newest', () => {
    const states = new Map([
      [1, { user: { id: 'u1', name: 'Jo', colour: 'red' } }],
      [2, { user: { id: 'u1', name: 'Jo', colour: 'red' }, activity: 'new tab' }],
      [3, { user: { id: 'u2', name: 'Ivy', colour: 'blue' } }],
      [4, { user: { id: 'u2', name: 'Ivy', colour: 'blue' } }],
    ]);
    const updated: Record<number, number> = { 1: 10, 2: 20, 3: 30, 4: 5 };
    const members = membersFrom(states, 3, (id) => updated[id]);
    expect(members.map((m) => [m.clientId, m.name, m.isSelf, m.activity])).toEqual([[3, 'Ivy', true, undefined], [2, 'Jo', false, 'new tab']]);
  });
});
