// The edit relay between nodes (redis.ts): one published update per edit (no SyncStep1 round trips), none
// for a room no other node has loaded, and a node that missed a relay message drops what cannot apply, asks its peers for the room, and keeps serving
// its clients as if nothing happened (no foreign pending structs for the update guard to trip on).
import { OutgoingMessage } from '@hocuspocus/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTrack, readQueue, roomDocName } from '../../shared/room-doc.ts';
import { createTestDatabase, eventually, redisUrl } from '../../test/helpers.ts';
import { asServer, keyPrefix } from '../../test/nodes.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { connect, makeRoom, makeUser, track, type Client } from '../rooms/test-kit.ts';
import { startServer, type RunningServer } from '../server.ts';
import { RoomRedis } from './redis.ts';

const prefix = keyPrefix();
let nodes: RunningServer[] = [];
let drop: () => Promise<void>;
let listener: Redis;
let publisher: Redis;
const clients: Client[] = [];
beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: database.url, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: prefix, PIPED_API_URL: '', LOG_LEVEL: 'silent' });
  nodes = [await startServer(config, createLogger('silent')), await startServer(config, createLogger('silent'))];
  listener = new Redis(redisUrl());
  publisher = new Redis(redisUrl());
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  listener?.disconnect();
  publisher?.disconnect();
  for (const n of nodes) await n.close();
  await drop?.();
});

const channel = (code: string) => `${prefix}hocuspocus:${roomDocName(code)}`;
const relayOf = (n: RunningServer) => n.deps.hocuspocus.configuration.extensions.find((e) => e instanceof RoomRedis) as RoomRedis;
const ids = (c: Client) => readQueue(c.doc).map((e) => e.id);

/** What crosses a room's channel: the y-protocols sync message types (0 step 1, 1 step 2, 2 update) and awareness. */
async function watch(code: string) {
  const seen: string[] = [];
  await listener.subscribe(channel(code));
  listener.on('messageBuffer', (ch: Buffer, data: Buffer) => {
    if (ch.toString() !== channel(code)) return;
    const body = data.subarray(data[0] + 1);
    const nameLength = body[0];
    const [type, sub] = [body[1 + nameLength], body[2 + nameLength]];
    seen.push(type === 0 ? `sync-${sub}` : type === 1 ? 'awareness' : `type-${type}`);
  });
  return seen;
}

describe('relay between nodes', () => {
  async function room() {
    const server = asServer(nodes[0], nodes[0].deps.db);
    const host = await makeUser(server);
    const r = await makeRoom(server, host.token);
    const onA = connect(nodes[0], r.code, host.token);
    const onB = connect(nodes[1], r.code, host.token);
    clients.push(onA, onB);
    await Promise.all([onA.synced, onB.synced]);
    return { code: r.code, by: { id: host.user.id, name: 'host' }, onA, onB };
  }

  it('an edit crosses as one update message, with no state-vector exchange', async () => {
    const { code, by, onA, onB } = await room();
    await eventually(() => expect(nodes.every((n) => n.deps.hocuspocus.documents.has(roomDocName(code)))).toBe(true));
    const seen = await watch(code);
    for (let i = 0; i < 10; i++) {
      const e = addTrack(onA.doc, track(`r${i}`), by);
      await eventually(() => expect(ids(onB)).toContain(e.id));
    }
    const sync = seen.filter((s) => s.startsWith('sync'));
    // Each add is one update (the node's unplayable flag for a made-up track may add one more each).
    expect(sync.every((s) => s === 'sync-2')).toBe(true);
    expect(sync.length).toBeGreaterThanOrEqual(10);
    expect(sync.length).toBeLessThanOrEqual(20);
  });

  it('a room only one node has loaded publishes nothing per edit; once another loads it, edits cross', async () => {
    const server = asServer(nodes[0], nodes[0].deps.db);
    const host = await makeUser(server);
    const r = await makeRoom(server, host.token);
    const by = { id: host.user.id, name: 'host' };
    const alone = connect(nodes[0], r.code, host.token);
    clients.push(alone);
    await alone.synced;
    const seen = await watch(r.code);
    for (let i = 0; i < 5; i++) addTrack(alone.doc, track(`l${i}`), by);
    alone.provider.setAwarenessField('cursor', { entry: 1 });
    // Nothing to wait for but time: a publish would be on the channel within milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([]);
    const onB = connect(nodes[1], r.code, host.token);
    clients.push(onB);
    await onB.synced;
    expect(ids(onB)).toEqual(ids(alone));
    const e = addTrack(alone.doc, track('l-after'), by);
    await eventually(() => expect(ids(onB)).toContain(e.id));
    await eventually(() => expect(onB.provider.awareness!.getStates().get(alone.provider.awareness!.clientID)?.cursor).toEqual({ entry: 1 }));
  });

  it('a missed relay message: the waiting part is dropped, peers are asked, clients keep editing', async () => {
    const { code, by, onA, onB } = await room();
    // Updates of a writer whose first message never arrived: the second waits on it.
    const rogue = new Y.Doc();
    const updates: Uint8Array[] = [];
    rogue.on('update', (u: Uint8Array) => updates.push(u));
    rogue.getMap('playback').set('note', 'first');
    rogue.getMap('playback').set('note', 'second');
    const resyncsBefore = nodes.map((n) => relayOf(n).stats.resyncs);
    const message = (u: Uint8Array) => {
      const id = Buffer.from('test-peer');
      return Buffer.concat([Buffer.from([id.length]), id, Buffer.from(new OutgoingMessage(roomDocName(code)).createSyncMessage().writeUpdate(u).toUint8Array())]);
    };
    await publisher.publish(channel(code), message(updates[1]));
    await eventually(() => nodes.forEach((n, i) => expect(relayOf(n).stats.resyncs).toBeGreaterThan(resyncsBefore[i])));
    for (const n of nodes) {
      const doc = n.deps.hocuspocus.documents.get(roomDocName(code))!;
      expect(doc.store.pendingStructs).toBeNull();
      expect(doc.store.pendingDs).toBeNull();
    }
    // Edits from both sides still cross, and nobody was refused (4422) for someone else's gap.
    const fromA = addTrack(onA.doc, track('after-a'), by);
    const fromB = addTrack(onB.doc, track('after-b'), by);
    await eventually(() => { for (const c of [onA, onB]) expect(ids(c)).toEqual(expect.arrayContaining([fromA.id, fromB.id])); });
    expect([...onA.closes, ...onB.closes]).toEqual([]);
    // The missing message arrives after all: it applies cleanly.
    await publisher.publish(channel(code), message(updates[0]));
    await eventually(() => expect(nodes[1].deps.hocuspocus.documents.get(roomDocName(code))!.getMap('playback').get('note')).toBe('first'));
  });
});
