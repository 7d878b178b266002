// What a connection costs the database. A member or guest connecting again to a room reads its session (or
// guest pass) joined with the room and the membership with the room's current settings, in one statement,
// and writes nothing, so fifty people joining at once do not queue behind each other's writes. Every statement
// is a round trip that blocks the event loop while it is sent, so they are counted at the driver.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/errors.ts';
import { startTestServer, type TestServer } from '../../test/helpers.ts';
import { connect, makeGuest, makeRoom, makeUser, type Client } from './test-kit.ts';

let server: TestServer;
const clients: Client[] = [];
const open = (...args: Parameters<typeof connect>) => { const c = connect(...args); clients.push(c); return c; };
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

/** The SQL statements sent while fn runs (this process is the only server on its database). */
async function countingStatements(fn: () => Promise<unknown>): Promise<string[]> {
  const sql: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, q: unknown, ...rest: unknown[]) {
    sql.push(typeof q === 'string' ? q : String((q as { text?: string })?.text ?? q));
    return (query as (...a: unknown[]) => unknown).call(this, q, ...rest);
  } as typeof query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sql;
}

describe('connect cost', () => {
  it('a returning member or guest costs one statement and no write; a first visit becomes a member', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const users = await Promise.all([0, 1, 2, 3].map(() => makeUser(server)));
    const guest = await makeGuest(server, room.id, 'Guest');
    await open(server, room.code, host.token).synced; // loads the room
    // First visits: each user becomes a member.
    const firsts = users.map((u) => open(server, room.code, u.token));
    await Promise.all(firsts.map((c) => c.synced));
    expect(await server.deps.db.roomMember.count({ where: { roomId: room.id } })).toBe(users.length + 2);

    const sql = await countingStatements(async () => {
      const again = [...users.map((u) => open(server, room.code, u.token)), open(server, room.code, guest.token)];
      await Promise.all(again.map((c) => c.synced));
      for (const c of again) expect(c.stateless.find((m) => m.type === 'access')).toBeDefined();
    });
    const connections = users.length + 1;
    expect(sql.filter((q) => !/^\s*SELECT/i.test(q))).toEqual([]);
    // Who the token stands for, the room and the membership: one statement per connection.
    expect(sql).toHaveLength(connections);
    expect(sql.every((q) => /"RoomMember"/.test(q) && /"Room"/.test(q))).toBe(true);

    // What that one statement reads is current: the member's overrides and the room's settings.
    await server.deps.db.roomMember.updateMany({ where: { roomId: room.id, userId: users[0].user.id }, data: { permissions: { add: false } } });
    await server.deps.db.room.update({ where: { id: room.id }, data: { settings: { whoCanControl: 'host' } } });
    const later = open(server, room.code, users[0].token);
    await later.synced;
    await expect.poll(() => later.stateless.find((m) => m.type === 'access')?.permissions).toMatchObject({ add: false, control: false });
  });

  it('a deleted room is not found again from what the node remembered', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const first = open(server, room.code, host.token);
    await first.synced;
    first.destroy();
    expect((await server.api(`/api/rooms/${room.code}`, { method: 'DELETE', headers: host.auth })).status).toBe(204);
    const late = open(server, room.code, host.token);
    await expect.poll(() => late.closes.map((x) => x.code)).toContain(CloseCode.roomNotFound);
  });
});
