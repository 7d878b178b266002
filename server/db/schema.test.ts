// The migrations against a real PostgreSQL: they apply to an empty database, a second apply does
// nothing, and the live schema has every table and field of the seed model with its constraints.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import { toAppError } from '../http/errors.ts';
import { createDb, type Db } from './client.ts';
import { migrateDatabase } from './migrate.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let client: pg.Client;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  db = createDb(database.url, 2);
});
afterAll(async () => {
  await db.$disconnect();
  await client.end();
  await database.drop();
});

async function columns(table: string) {
  const { rows } = await client.query(
    `SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema='public' AND table_name=$1`, [table]);
  return Object.fromEntries(rows.map((r) => [r.column_name, { nullable: r.is_nullable === 'YES', type: r.data_type }]));
}

describe('migrations', () => {
  it('apply to an empty database, and a second apply is a no-op', async () => {
    const empty = await createTestDatabase();
    const admin = new pg.Client({ connectionString: empty.url });
    await admin.connect();
    await admin.query('DROP TABLE IF EXISTS "_prisma_migrations", "LikedTrack", "PlaylistTrack", "Playlist", "RoomQueue", "Track", "RoomMessage", "RoomMember", "Room", "Session", "User" CASCADE');
    await admin.end();
    expect(await migrateDatabase(empty.url)).toMatch(/applied \d+ migration/);
    expect(await migrateDatabase(empty.url)).toBe('database is up to date');
    await empty.drop();
  });
});

describe('live schema', () => {
  it('has every table and field of the seed model', async () => {
    const seed: Record<string, string[]> = {
      User: ['id', 'email', 'username', 'password', 'createdAt'],
      Room: ['id', 'code', 'name', 'hostId', 'isPlaying', 'currentTrackId', 'position', 'updatedAt', 'ydocState'],
      RoomMember: ['id', 'userId', 'roomId', 'joinedAt'],
      Track: ['id', 'pipedId', 'title', 'artist', 'album', 'thumbnailUrl', 'duration'],
      RoomQueue: ['id', 'roomId', 'trackId', 'order', 'addedBy', 'isPlayed'],
      Playlist: ['id', 'userId', 'name'],
      PlaylistTrack: ['id', 'playlistId', 'trackId', 'position'],
      LikedTrack: ['id', 'userId', 'trackId'],
    };
    for (const [table, fields] of Object.entries(seed)) {
      const cols = await columns(table);
      for (const f of fields) expect(cols, `${table}.${f}`).toHaveProperty(f);
      expect(cols.id.type).toBe('uuid');
    }
    expect((await columns('RoomMember')).userId.nullable).toBe(true);
    expect((await columns('Room')).currentTrackId.nullable).toBe(true);
    expect((await columns('Room')).ydocState.type).toBe('bytea');
    expect((await columns('Track')).duration.type).toBe('integer');
  });

  it('indexes the queue by room, played flag and order', async () => {
    const { rows } = await client.query(`SELECT indexdef FROM pg_indexes WHERE tablename='RoomQueue'`);
    expect(rows.map((r) => r.indexdef).join('\n')).toMatch(/\("roomId", "isPlayed", "order"\)/);
  });

  it('unique constraints hold and surface as 409 naming the field', async () => {
    const user = await db.user.create({ data: { email: 'a@example.com', username: 'ann', password: 'x' } });
    const dup = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (e) => e);
      expect(err, 'expected a unique violation').not.toBeNull();
      return toAppError(err);
    };
    let e = await dup(db.user.create({ data: { email: 'a@example.com', username: 'other', password: 'x' } }));
    expect([e.status, e.message]).toEqual([409, expect.stringContaining('email')]);
    e = await dup(db.user.create({ data: { email: 'b@example.com', username: 'ann', password: 'x' } }));
    expect([e.status, e.message]).toEqual([409, expect.stringContaining('username')]);
    await db.room.create({ data: { code: 'ABCDEF', name: 'r', hostId: user.id } });
    e = await dup(db.room.create({ data: { code: 'ABCDEF', name: 'r2', hostId: user.id } }));
    expect([e.status, e.message]).toEqual([409, expect.stringContaining('code')]);
    const track = await db.track.create({ data: { pipedId: 'dQw4w9WgXcQ', title: 't', artist: 'a', duration: 10 } });
    e = await dup(db.track.create({ data: { pipedId: 'dQw4w9WgXcQ', title: 't', artist: 'a', duration: 10 } }));
    expect(e.status).toBe(409);
    await db.likedTrack.create({ data: { userId: user.id, trackId: track.id } });
    e = await dup(db.likedTrack.create({ data: { userId: user.id, trackId: track.id } }));
    expect(e.status).toBe(409);
  });

  it('deleting a user removes the rooms they host and their library', async () => {
    const user = await db.user.create({ data: { email: 'c@example.com', username: 'cat', password: 'x' } });
    const room = await db.room.create({ data: { code: 'GHJKMN', name: 'r', hostId: user.id } });
    await db.roomMember.create({ data: { roomId: room.id, userId: user.id } });
    await db.playlist.create({ data: { userId: user.id, name: 'p' } });
    await db.user.delete({ where: { id: user.id } });
    expect(await db.room.count({ where: { id: room.id } })).toBe(0);
    expect(await db.roomMember.count({ where: { roomId: room.id } })).toBe(0);
    expect(await db.playlist.count({ where: { userId: user.id } })).toBe(0);
  });

  it('a removed member\'s chat messages stay, unlinked; a deleted room\'s chat goes with it', async () => {
    const user = await db.user.create({ data: { email: 'd@example.com', username: 'dan', password: 'x' } });
    const room = await db.room.create({ data: { code: 'PQRSTU', name: 'r', hostId: user.id } });
    const guest = await db.roomMember.create({ data: { roomId: room.id, displayName: 'Gus' } });
    expect((await db.roomMember.findUniqueOrThrow({ where: { id: guest.id } })).hiddenAt).toBeNull();
    const author = { roomId: room.id, authorId: guest.id, authorName: 'Gus', authorKind: 'guest' };
    const msg = await db.roomMessage.create({ data: { ...author, memberId: guest.id, text: 'hi' } });
    await db.roomMember.delete({ where: { id: guest.id } });
    expect(await db.roomMessage.findUniqueOrThrow({ where: { id: msg.id } })).toMatchObject({ memberId: null, authorName: 'Gus', text: 'hi' });
    await db.room.delete({ where: { id: room.id } });
    expect(await db.roomMessage.count({ where: { roomId: room.id } })).toBe(0);
  });
});
