import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addTrack, addTracks, advance, clearQueue, docProblem, moveEntry, queueMap, readHistory, readPlayback, readQueue,
  readUpNext, removeEntry, settingsMap, shuffleQueue, play, jump, previous, markUnplayable, skipUnplayable, type NewTrack,
  castVote, readPlaybackTurn, readVotes, seek, votesMap,
} from '../room-doc.ts';
import { ServerClock } from '../clock.ts';

const track = (n: number | string): NewTrack => ({ videoId: `vid${String(n).padStart(8, '0')}`.slice(0, 11), title: `Song ${n}`, artist: 'A', durationS: 180 });
const alice = { id: 'alice', name: 'Alice' };
const bob = { id: 'bob', name: 'Bob' };
const carol = { id: 'carol', name: 'Carol' };
const titles = (doc: Y.Doc) => readUpNext(doc).map((e) => e.title);

/** A seeded random source (mulberry32) so a failing run can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('queue mutations', () => {
  it('adds at the end, next and at an index, and keeps "next" batches in order', () => {
    const doc = new Y.Doc();
    addTracks(doc, [track(1), track(2), track(3)], alice);
    addTrack(doc, track('N'), alice, 'next');
    addTrack(doc, track('I'), alice, { index: 2 });
    addTracks(doc, [track('x'), track('y')], alice, 'next');
    expect(titles(doc)).toEqual(['Song x', 'Song y', 'Song N', 'Song 1', 'Song I', 'Song 2', 'Song 3']);
    expect(docProblem(doc)).toBeNull();
  });

  it('moves, removes, clears Up Next but keeps the current entry', () => {
    const doc = new Y.Doc();
    const [a, b, c, d] = addTracks(doc, [track('a'), track('b'), track('c'), track('d')], alice);
    play(doc, 1000, 'server');
    expect(readPlayback(doc).entryId).toBe(a.id);
    moveEntry(doc, d.id, 0);
    expect(titles(doc)).toEqual(['Song d', 'Song b', 'Song c']);
    moveEntry(doc, b.id, 5);
    expect(titles(doc)).toEqual(['Song d', 'Song c', 'Song b']);
    removeEntry(doc, c.id);
    expect(titles(doc)).toEqual(['Song d', 'Song b']);
    // A remove is a mark the room deletes once it has judged it (doc.ts): readers and the validator pass over it.
    expect(queueMap(doc).get(c.id)).toEqual({ removed: true });
    expect(removeEntry(doc, c.id)).toBe(false);
    expect(docProblem(doc)).toBeNull();
    clearQueue(doc);
    expect(titles(doc)).toEqual([]);
    expect(readQueue(doc).map((e) => e.id)).toEqual([a.id]);
  });

  it('shuffles Up Next without losing entries', () => {
    const doc = new Y.Doc();
    addTracks(doc, Array.from({ length: 30 }, (_, i) => track(i)), alice);
    const before = titles(doc);
    shuffleQueue(doc, rng(7));
    expect(titles(doc)).not.toEqual(before);
    expect([...titles(doc)].sort()).toEqual([...before].sort());
  });

  it('fair share: one listener\'s ten adds do not bury the others\'', () => {
    const doc = new Y.Doc();
    settingsMap(doc).set('fairShare', true);
    addTracks(doc, Array.from({ length: 10 }, (_, i) => track(`a${i}`)), alice);
    addTrack(doc, track('b0'), bob);
    addTrack(doc, track('c0'), carol);
    addTrack(doc, track('b1'), bob);
    expect(titles(doc).slice(0, 6)).toEqual(['Song a0', 'Song b0', 'Song c0', 'Song a1', 'Song b1', 'Song a2']);
    expect(titles(doc)).toHaveLength(13);
  });
});

describe('concurrent edits', () => {
  it('random concurrent moves, adds and removes on two replicas converge without duplicates', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = rng(seed);
      const a = new Y.Doc();
      const b = new Y.Doc();
      const created = new Set(addTracks(a, Array.from({ length: 12 }, (_, i) => track(i)), alice).map((e) => e.id));
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      const removed = new Set<string>();
      // Removed on one replica while moved on the other: without the room's authority the move brings the
      // entry back (server/rooms/entry-authority.test.ts shows the room undoing that).
      const raced = new Set<string>();
      for (let round = 0; round < 8; round++) {
        const moved = [new Set<string>(), new Set<string>()];
        const gone = [new Set<string>(), new Set<string>()];
        [a, b].forEach((doc, d) => {
          for (let k = 0; k < 5; k++) {
            const q = readQueue(doc);
            const pick = q[Math.floor(random() * q.length)];
            const r = random();
            if (r < 0.6 && pick) { moveEntry(doc, pick.id, Math.floor(random() * q.length)); moved[d].add(pick.id); }
            else if (r < 0.8) created.add(addTrack(doc, track(`n${seed}-${round}-${k}`), alice, { index: Math.floor(random() * q.length) }).id);
            else if (pick) { removeEntry(doc, pick.id); removed.add(pick.id); gone[d].add(pick.id); }
          }
        });
        for (const [d, other] of [[0, 1], [1, 0]]) for (const id of gone[d]) if (moved[other].has(id)) raced.add(id);
        // Both edited while apart; now they exchange what the other lacks.
        const ua = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
        const ub = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
        Y.applyUpdate(b, ua);
        Y.applyUpdate(a, ub);
      }
      const ids = readQueue(a).map((e) => e.id);
      expect(readQueue(b).map((e) => e.id)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of created) {
        if (!removed.has(id)) expect(ids).toContain(id);
        else if (!raced.has(id)) expect(ids).not.toContain(id);
      }
      expect(ids.every((id) => created.has(id))).toBe(true);
      expect(docProblem(a)).toBeNull();
    }
  });

  it('concurrent moves of one entry: one of them wins on both replicas, the entry is there once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const [x] = addTracks(a, [track('x'), track('y'), track('z')], alice);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    moveEntry(a, x.id, 1);
    moveEntry(b, x.id, 2);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    expect(titles(a)).toEqual(titles(b));
    expect(titles(a).filter((t) => t === 'Song x')).toHaveLength(1);
    expect(titles(a)).toHaveLength(3);
  });
});

describe('validator', () => {
  it('accepts a document built by the module and names what is wrong otherwise', () => {
    const doc = new Y.Doc();
    const [e] = addTracks(doc, [track(1)], alice);
    expect(docProblem(doc)).toBeNull();
    const edit = (fields: Record<string, unknown>) => queueMap(doc).set(e.id, { ...e, ...fields });
    edit({ durationS: 'long' });
    expect(docProblem(doc)).toMatch(/durationS/);
    edit({ title: 'x'.repeat(501) });
    expect(docProblem(doc)).toMatch(/title/);
    edit({ position: 'not a key!' });
    expect(docProblem(doc)).toMatch(/position/);
    edit({ lyrics: 'la la' });
    expect(docProblem(doc)).toMatch(/unknown field lyrics/);
    edit({});
    expect(docProblem(doc)).toBeNull();
    // An entry is one plain value: a Y.Map (how entries were stored before) is malformed now.
    const m = new Y.Map<unknown>();
    queueMap(doc).set(e.id, m);
    for (const [k, v] of Object.entries(e)) m.set(k, v);
    expect(docProblem(doc)).toMatch(/not a plain object/);
    queueMap(doc).set('not-a-uuid', { ...e, id: 'not-a-uuid' });
    queueMap(doc).delete(e.id);
    expect(docProblem(doc)).toMatch(/uuid/);
    queueMap(doc).delete('not-a-uuid');
    doc.getText('evil').insert(0, 'hi');
    expect(docProblem(doc)).toMatch(/unknown root/);
  });

  it('accepts the unplayable flag only as true', () => {
    const doc = new Y.Doc();
    const [e] = addTracks(doc, [track(1)], alice);
    markUnplayable(doc, [e.id]);
    expect(docProblem(doc)).toBeNull();
    expect(readQueue(doc).map((x) => x.unplayable)).toEqual([true]);
    queueMap(doc).set(e.id, { ...e, unplayable: 'yes' });
    expect(docProblem(doc)).toMatch(/unplayable/);
  });
});

describe('playback transitions', () => {
  it('advance is idempotent per entry and moves the entry to history', () => {
    const doc = new Y.Doc();
    const [a, b] = addTracks(doc, [track('a'), track('b')], alice);
    play(doc, 0, 'server');
    for (let i = 0; i < 10; i++) advance(doc, a.id, 1000, 'server');
    expect(readPlayback(doc).entryId).toBe(b.id);
    expect(readHistory(doc).map((h) => h.id)).toEqual([a.id]);
    previous(doc, 1100, 'server');
    expect(readPlayback(doc).entryId).toBe(a.id);
    expect(readQueue(doc).map((e) => e.id)).toEqual([a.id, b.id]);
    const [c] = addTracks(doc, [track('c')], alice);
    jump(doc, c.id, 2000, 'server');
    expect(readQueue(doc).map((e) => e.id)).toEqual([c.id, b.id]);
  });
});

describe('turns and skip votes', () => {
  it('a turn names one time an entry became current: a seek keeps it, coming back via previous makes a new one', () => {
    const doc = new Y.Doc();
    const [a] = addTracks(doc, [track(1), track(2)], alice);
    play(doc, 1000, 'server');
    const first = readPlaybackTurn(doc);
    seek(doc, 5000, 2000, 'server');
    expect(readPlaybackTurn(doc)).toBe(first);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readPlaybackTurn(copy)).toBe(first);
    advance(doc, a.id, 3000, 'server');
    previous(doc, 3100, 'server');
    expect(readPlayback(doc).entryId).toBe(a.id);
    expect(readPlaybackTurn(doc)).not.toBe(first);
  });

  it('counts one vote per voter for the current entry and clears them when the entry changes', () => {
    const doc = new Y.Doc();
    const [a, b] = addTracks(doc, [track(1), track(2)], alice);
    play(doc, 1000, 'server');
    castVote(doc, 'alice', a.id);
    castVote(doc, 'alice', a.id);
    castVote(doc, 'bob', a.id);
    expect(readVotes(doc, a.id)).toBe(2);
    expect(docProblem(doc)).toBeNull();
    advance(doc, a.id, 2000, 'server');
    expect(readVotes(doc, a.id)).toBe(0);
    expect(votesMap(doc).size).toBe(0);
    expect(readPlayback(doc).entryId).toBe(b.id);
    votesMap(doc).set('carol', { nested: true });
    expect(docProblem(doc)).toMatch(/skip vote/);
  });
});

describe('unplayable entries', () => {
  it('are dropped when they come up, in a row, keeping the status; never go to history', () => {
    const doc = new Y.Doc();
    const [a, b, c, d] = addTracks(doc, [track('a'), track('b'), track('c'), track('d')], alice);
    markUnplayable(doc, [b.id, c.id]);
    expect(readQueue(doc).filter((e) => e.unplayable).map((e) => e.id)).toEqual([b.id, c.id]);
    play(doc, 0, 'server');
    expect(skipUnplayable(doc, 10, 'server')).toEqual([]);
    advance(doc, a.id, 1000, 'server');
    expect(skipUnplayable(doc, 1000, 'server').map((e) => e.id)).toEqual([b.id, c.id]);
    expect(readPlayback(doc)).toMatchObject({ entryId: d.id, status: 'playing' });
    expect(readHistory(doc).map((h) => h.id)).toEqual([a.id]);
    markUnplayable(doc, [d.id]);
    expect(skipUnplayable(doc, 2000, 'server').map((e) => e.id)).toEqual([d.id]);
    expect(readPlayback(doc)).toMatchObject({ entryId: null, status: 'paused' });
  });
});

describe('server clock estimate', () => {
  it('keeps the lowest-delay samples', () => {
    const clock = new ServerClock();
    // True offset +5000 ms; symmetric 10 ms trips, plus noisy slow trips with asymmetric delay.
    for (let i = 0; i < 5; i++) clock.add(i * 100, i * 100 + 5 + 5000, i * 100 + 10);
    for (let i = 0; i < 10; i++) clock.add(1000 + i * 100, 1000 + i * 100 + 400 + 5000, 1000 + i * 100 + 450);
    expect(clock.offsetMs).toBeCloseTo(5000, 0);
    expect(clock.serverNow(10_000)).toBeCloseTo(15_000, 0);
  });
});
