// Rooms stored while queue entries were Y.Maps (one per entry, a field per key) load with the same queue,
// rewritten as plain values by the room and stored at once; a client's copy from before converges on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addTracks, currentEntry, historyArray, isPlainObject, markUnplayable, moveEntry, playbackMap, queueMap, readQueue, roomDocName,
  type QueueEntry,
} from '../../shared/room-doc.ts';
import { eventually, startTestServerWithMusic, type TestServer } from '../../test/helpers.ts';
import { settingsFrom } from './access.ts';
import { syncSettings } from './persistence.ts';
import { connect, makeRoom, makeUser, type Client } from './test-kit.ts';

let server: TestServer;
const clients: Client[] = [];
const open = (...args: Parameters<typeof connect>) => { const c = connect(...args); clients.push(c); return c; };
beforeAll(async () => { server = await startTestServerWithMusic(); });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

/** Only plain values under the queue: the shape every document has after its first load. */
const allPlain = (doc: Y.Doc) => [...queueMap(doc).values()].every(isPlainObject);

/** A document as the room stored it before: each entry a Y.Map of its fields. */
function legacyDoc(entries: QueueEntry[], playedId: string) {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const e of entries) {
      const m = new Y.Map<unknown>();
      queueMap(doc).set(e.id, m);
      for (const [k, v] of Object.entries(e)) m.set(k, v);
    }
    historyArray(doc).push([{ id: playedId, videoId: entries[0].videoId, title: 'Played', artist: 'A', durationS: 100, addedBy: '', addedByName: '', addedAt: 1, playedAt: 2 }]);
    playbackMap(doc).set('entryId', entries[0].id);
    playbackMap(doc).set('status', 'paused');
    playbackMap(doc).set('positionMs', 1234);
  });
  return doc;
}

describe('a room stored with Y.Map entries', () => {
  it('loads with the same queue (order, every field) as plain values, stored right away; old copies converge', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    expect(server.deps.hocuspocus.documents.has(roomDocName(room.code))).toBe(false);
    const library = (await server.api('/api/trending')).body.tracks as Array<{ videoId: string; title: string; artist: string; durationS: number }>;
    const scratch = new Y.Doc();
    const tracks = library.slice(0, 4).map((t, i) => ({ ...t, album: `Album ${i}`, thumbnailUrl: `https://img.example/${i}.jpg` }));
    addTracks(scratch, tracks, { id: host.user.id, name: 'host' });
    markUnplayable(scratch, [readQueue(scratch)[2].id]);
    const expected = readQueue(scratch);
    expect(expected[2].unplayable).toBe(true);
    const legacy = legacyDoc(expected, '0b5e1c9a-0000-4000-8000-00000000aaaa');
    // The room's settings as they are, so the rewrite is the only write the load makes.
    syncSettings(legacy, settingsFrom((await server.deps.db.room.findUniqueOrThrow({ where: { id: room.id } })).settings));
    const legacyState = Y.encodeStateAsUpdate(legacy);
    await server.deps.db.room.update({ where: { id: room.id }, data: { ydocState: new Uint8Array(legacyState) } });

    // A device that kept its copy from before reads it as it was, and moves an entry offline.
    const oldCopy = new Y.Doc();
    Y.applyUpdate(oldCopy, legacyState);
    expect(readQueue(oldCopy)).toEqual(expected);
    expect(currentEntry(oldCopy)?.id).toBe(expected[0].id);

    const fresh = open(server, room.code, host.token);
    await fresh.synced;
    expect(readQueue(fresh.doc)).toEqual(expected);
    expect(currentEntry(fresh.doc)?.id).toBe(expected[0].id);
    expect(allPlain(fresh.doc)).toBe(true);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await server.deps.db.room.findUniqueOrThrow({ where: { id: room.id } })).ydocState!);
    expect(allPlain(stored)).toBe(true);
    expect(readQueue(stored)).toEqual(expected);
    expect(stored.getArray('history').length).toBe(1);

    moveEntry(oldCopy, expected[3].id, 0);
    const moved = readQueue(oldCopy).map((e) => e.id);
    expect(moved).toEqual([expected[0], expected[3], expected[1], expected[2]].map((e) => e.id));
    const old = open(server, room.code, host.token, oldCopy);
    await old.synced;
    await eventually(() => {
      expect(readQueue(fresh.doc).map((e) => e.id)).toEqual(moved);
      expect(readQueue(oldCopy)).toEqual(readQueue(fresh.doc));
      expect(allPlain(oldCopy)).toBe(true);
    });
    expect(readQueue(oldCopy).map(({ position: _, ...e }) => e)).toEqual(expected.map(({ position: _, ...e }) => e).sort((a, b) => moved.indexOf(a.id) - moved.indexOf(b.id)));
    expect(old.stateless.filter((m) => m.type === 'undone')).toEqual([]);
    expect(old.closes).toEqual([]);

    server.deps.hocuspocus.flushPendingStores();
    await eventually(async () => {
      const rows = await server.deps.db.roomQueue.findMany({ where: { roomId: room.id, isPlayed: false }, orderBy: { order: 'asc' } });
      expect(rows.map((r) => r.id)).toEqual(moved);
    }, 10_000);
  });
});
