// PostgreSQL stopped under a live server: REST answers 503 database_unavailable, rooms keep syncing in memory,
// stores retry with backoff, and every edit lands once PostgreSQL is back on the same port; a client connecting
// meanwhile is told at once (4503) and gets in once it is back.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/errors.ts';
import { addTracks, readQueue, roomDocName } from '../../shared/room-doc.ts';
import { eventually, redisUrl } from '../../test/helpers.ts';
import { asServer, keyPrefix } from '../../test/nodes.ts';
import { loadConfig } from '../config.ts';
import { pino } from 'pino';
import { connect, makeRoom, makeUser, track, type Client } from '../rooms/test-kit.ts';
import { startServer, type RunningServer } from '../server.ts';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded.ts';

let dir: string;
let pg: EmbeddedDb;
let running: RunningServer;
const logs: string[] = [];
const clients: Client[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-outage-'));
  pg = await startEmbeddedPostgres({ dataDir: dir });
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATABASE_URL: pg.url, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: keyPrefix(), PIPED_API_URL: '' });
  running = await startServer(config, pino({ level: 'warn' }, { write: (line: string) => { logs.push(line); } }));
}, 90_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await running?.close();
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('PostgreSQL down', () => {
  it('REST says 503 database_unavailable, the room keeps syncing, and the stores land when it returns', async () => {
    const server = asServer(running, running.deps.db);
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const a = connect(running, room.code, host.token);
    const b = connect(running, room.code, host.token);
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    const by = { id: host.user.id, name: 'host' };
    addTracks(a.doc, [track('before1'), track('before2')], by);
    await eventually(() => expect(readQueue(b.doc)).toHaveLength(2));

    const port = Number(new URL(pg.url).port);
    await pg.stop();
    const res = await server.api(`/api/rooms/${room.code}`);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('database_unavailable');
    expect(res.body.error.message).toMatch(/database is unreachable/);
    expect((await server.api('/api/health')).status).toBe(503);

    // Live: edits still cross between clients, from memory.
    addTracks(b.doc, [track('during1'), track('during2')], by);
    addTracks(a.doc, [track('during3')], by);
    await eventually(() => { expect(readQueue(a.doc)).toHaveLength(5); expect(readQueue(b.doc).map((e) => e.id)).toEqual(readQueue(a.doc).map((e) => e.id)); });
    const expected = readQueue(a.doc).map((e) => e.id);
    // Everyone leaves while the database is down: the last store fails and is retried, the room stays loaded.
    a.destroy();
    b.destroy();
    await eventually(() => expect(logs.join('')).toMatch(/room store failed: retrying/), 10_000);
    expect(running.deps.hocuspocus.documents.has(roomDocName(room.code))).toBe(true);

    pg = await startEmbeddedPostgres({ dataDir: dir, port });
    await eventually(async () => {
      const rows = await running.deps.db.roomQueue.findMany({ where: { roomId: room.id, isPlayed: false }, orderBy: { order: 'asc' } });
      expect(rows.map((r) => r.id)).toEqual(expected);
    }, 30_000, 200);
    await eventually(() => expect(running.deps.hocuspocus.documents.has(roomDocName(room.code))).toBe(false), 10_000);
    expect((await server.api(`/api/rooms/${room.code}`)).status).toBe(200);
  }, 90_000);

  it('a client connecting while it is down is closed with 4503 within ~2 s, each 503 logs one warn line, and the client gets in once it is back', async () => {
    const server = asServer(running, running.deps.db);
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const port = Number(new URL(pg.url).port);
    await pg.stop();
    logs.length = 0;

    const startedMs = Date.now();
    const c = connect(running, room.code, host.token);
    clients.push(c);
    await eventually(() => expect(c.closes.map((x) => x.code)).toContain(CloseCode.unavailable), 5000);
    const closedAfterMs = Date.now() - startedMs;
    console.log(`connect while PostgreSQL is down: closed with 4503 after ${closedAfterMs} ms`);
    expect(closedAfterMs).toBeLessThan(2500);
    expect(c.closes.find((x) => x.code === CloseCode.unavailable)?.reason).toMatch(/^unavailable/);

    expect((await server.api(`/api/rooms/${room.code}`)).status).toBe(503);
    expect((await server.api(`/api/rooms/${room.code}/queue`)).status).toBe(503);
    const lines = logs.map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown });
    const requestLines = lines.filter((l) => /request failed/.test(l.msg));
    expect(requestLines).toHaveLength(2);
    for (const l of requestLines) expect(l).toMatchObject({ level: 40, msg: 'request failed: database unavailable' });
    expect(lines.filter((l) => l.level >= 50 || l.err)).toEqual([]);

    pg = await startEmbeddedPostgres({ dataDir: dir, port });
    // The provider retries on its own and gets in.
    await eventually(() => expect(c.provider.isSynced).toBe(true), 20_000, 100);
  }, 60_000);
});
