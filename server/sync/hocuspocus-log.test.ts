// Hocuspocus writes to console.error/warn itself (it has no logger option); those lines reach our log as
// JSON with a level, and not the raw console. The rest of the console is left alone.
import { format } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/errors.ts';
import { roomDocName } from '../../shared/room-doc.ts';
import { createTestDatabase, eventually, redisUrl } from '../../test/helpers.ts';
import { asServer, keyPrefix } from '../../test/nodes.ts';
import { loadConfig } from '../config.ts';
import { connect, makeRoom, makeUser, type Client } from '../rooms/test-kit.ts';
import { startServer, type RunningServer } from '../server.ts';

type Line = { level: number; msg: string; from?: string; err?: { message: string } };
let running: RunningServer;
let dropDatabase: () => Promise<void>;
const logs: Line[] = [];
const rawConsole: string[] = [];
const clients: Client[] = [];
const saved = { error: console.error, warn: console.warn };
beforeAll(async () => {
  // What would reach the terminal: installed before the server, as the console it starts with.
  console.error = (...args: unknown[]) => { rawConsole.push(format(...args)); };
  console.warn = (...args: unknown[]) => { rawConsole.push(format(...args)); };
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: database.url, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: keyPrefix(), PIPED_API_URL: '' });
  running = await startServer(config, pino({ level: 'info' }, { write: (line: string) => { logs.push(JSON.parse(line)); } }));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await running?.close();
  await dropDatabase?.();
  Object.assign(console, saved);
});

/** A signed-in client in a fresh room, and a way to send it raw Hocuspocus frames for that room. */
async function clientInRoom() {
  const server = asServer(running, running.deps.db);
  const host = await makeUser(server);
  const room = await makeRoom(server, host.token);
  const c = connect(server, room.code, host.token);
  clients.push(c);
  await c.synced;
  const name = new TextEncoder().encode(roomDocName(room.code));
  const send = (...bytes: number[]) => (c.socket as unknown as { webSocket: { send: (b: Uint8Array) => void } }).webSocket.send(new Uint8Array([name.length, ...name, ...bytes]));
  return { c, send };
}

describe("Hocuspocus's console lines", () => {
  it('"closing connection … because of exception" (a refused update) is an info line in our log, not on the console', async () => {
    const { c, send } = await clientInRoom();
    const garbage = Array.from({ length: 50 }, (_, i) => (i * 37 + 11) % 256);
    send(0, 2, garbage.length, ...garbage); // a sync update that does not decode: refused with 4422
    await eventually(() => expect(c.closes[0]?.code).toBe(CloseCode.invalidUpdate));
    const line = await eventually(() => {
      const l = logs.find((x) => /^closing connection \S+ \(while handling .*\) because of exception/.test(x.msg));
      expect(l).toBeDefined();
      return l!;
    });
    expect(line).toMatchObject({ level: 30, from: 'hocuspocus' });
    expect(line.msg).toContain('invalid-update');
    expect(rawConsole.filter((l) => l.includes('closing connection'))).toEqual([]);
  });

  it('an error Hocuspocus reports is an error line in our log; other console output stays on the console', async () => {
    const { send } = await clientInRoom();
    send(99); // a message type Hocuspocus has no handler for
    const line = await eventually(() => {
      const l = logs.find((x) => x.msg.includes('Unable to handle message of type 99'));
      expect(l).toBeDefined();
      return l!;
    });
    expect(line).toMatchObject({ level: 50, from: 'hocuspocus' });
    expect(rawConsole.filter((l) => l.includes('Unable to handle message'))).toEqual([]);
    console.error('not from Hocuspocus');
    expect(rawConsole).toContain('not from Hocuspocus');
  });
});
