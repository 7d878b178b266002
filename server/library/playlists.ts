// Playlists: ordered by fractional-index keys, so adding or moving an entry writes only that entry's row.
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import {
  MAX_PLAYLISTS_PER_USER, MAX_PLAYLIST_TRACKS,
  type PlaylistDetail, type PlaylistEntry, type PlaylistSummary, type UpdatePlaylistRequest,
} from '../../shared/api/library.ts';
import type { Track } from '../../shared/api/track.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { toTrack } from '../catalog/track-store.ts';
import type { Prisma } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../http/errors.ts';
import { storeTracks } from './tracks.ts';

type LibDeps = Pick<Deps, 'db'>;
type Tx = Prisma.TransactionClient;
type EntryRow = { id: string; position: string; addedBy: string | null; addedAt: Date; track: Parameters<typeof toTrack>[0] };

const NO_ID = '00000000-0000-0000-0000-000000000000';
const playlistNotFound = () => notFound('Playlist');
const tooManyTracks = () => new AppError(422, ErrorCode.validation, `A playlist holds at most ${MAX_PLAYLIST_TRACKS} tracks`);

// Keys compare by code unit ("C" collation), whatever the database's collation says.
const byPosition = (a: { position: string; id: string }, b: { position: string; id: string }) =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const toEntry = (r: EntryRow): PlaylistEntry => ({ entryId: r.id, track: toTrack(r.track), addedBy: r.addedBy, addedAt: r.addedAt.toISOString() });

/** Locks the playlist for this transaction (so keys and counts stay consistent) and checks the owner. */
async function lockOwned(tx: Tx, userId: string, playlistId: string) {
  const [row] = await tx.$queryRaw<{ userId: string; isPublic: boolean }[]>`
    SELECT "userId", "isPublic" FROM "Playlist" WHERE id = ${playlistId}::uuid FOR UPDATE`;
  if (!row || (row.userId !== userId && !row.isPublic)) throw playlistNotFound();
  if (row.userId !== userId) throw new AppError(403, ErrorCode.forbidden, 'Only its owner can change this playlist');
}

/** The keys an entry placed at index (counting without `exclude`; Infinity: the end) goes between. */
async function neighbourKeys(tx: Tx, playlistId: string, index: number, exclude = NO_ID): Promise<[string | null, string | null]> {
  if (index > 0 && Number.isFinite(index)) {
    const rows = await tx.$queryRaw<{ position: string }[]>`
      SELECT position FROM "PlaylistTrack" WHERE "playlistId" = ${playlistId}::uuid AND id <> ${exclude}::uuid
      ORDER BY position COLLATE "C", id OFFSET ${index - 1} LIMIT 2`;
    if (rows.length) return [rows[0].position, rows[1]?.position ?? null];
  }
  const order = index > 0 ? 'DESC' : 'ASC'; // past the end: after the last key; at 0: before the first
  const [edge] = await tx.$queryRawUnsafe<{ position: string }[]>(
    `SELECT position FROM "PlaylistTrack" WHERE "playlistId" = $1::uuid AND id <> $2::uuid ORDER BY position COLLATE "C" ${order}, id ${order} LIMIT 1`,
    playlistId, exclude,
  );
  return index > 0 ? [edge?.position ?? null, null] : [null, edge?.position ?? null];
}

const touch = (tx: Tx, playlistId: string) => tx.playlist.update({ where: { id: playlistId }, data: { updatedAt: new Date() } });

/** A new playlist holding these tracks in order; also how a room's History or Up Next is saved. */
export async function createPlaylistFromTracks(
  deps: LibDeps, userId: string, name: string, tracks: ReadonlyArray<{ track: Track; addedBy?: string | null }>, isPublic = false,
): Promise<PlaylistSummary> {
  if (tracks.length > MAX_PLAYLIST_TRACKS) throw tooManyTracks();
  const trackIds = await storeTracks(deps, tracks.map((t) => t.track));
  const id = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
    if ((await tx.playlist.count({ where: { userId } })) >= MAX_PLAYLISTS_PER_USER) {
      throw new AppError(422, ErrorCode.validation, `You can have at most ${MAX_PLAYLISTS_PER_USER} playlists; delete one first`);
    }
    const playlist = await tx.playlist.create({ data: { userId, name, isPublic } });
    const keys = generateNKeysBetween(null, null, tracks.length);
    await tx.playlistTrack.createMany({
      data: tracks.map((t, i) => ({ playlistId: playlist.id, trackId: trackIds[i], position: keys[i], addedBy: t.addedBy ?? null })),
    });
    return playlist.id;
  }, { timeout: 30_000 });
  return (await summaries(deps, userId, id))[0];
}

/** The user's playlists, most recently changed first, or just one of them. */
async function summaries(deps: LibDeps, userId: string, onlyId?: string): Promise<PlaylistSummary[]> {
  const rows = await deps.db.$queryRaw<Array<Omit<PlaylistSummary, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date }>>`
    SELECT p.id, p.name, p."isPublic", p."createdAt", p."updatedAt",
      (SELECT count(*)::int FROM "PlaylistTrack" pt WHERE pt."playlistId" = p.id) AS "trackCount",
      (SELECT t."thumbnailUrl" FROM "PlaylistTrack" pt JOIN "Track" t ON t.id = pt."trackId"
        WHERE pt."playlistId" = p.id ORDER BY pt.position COLLATE "C", pt.id LIMIT 1) AS "coverUrl"
    FROM "Playlist" p
    WHERE p."userId" = ${userId}::uuid AND (${onlyId ?? null}::uuid IS NULL OR p.id = ${onlyId ?? null}::uuid)
    ORDER BY p."updatedAt" DESC, p.id`;
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
}

export const listPlaylists = (deps: LibDeps, userId: string) => summaries(deps, userId);

/** One playlist with its tracks in order: the owner's, or anyone's public one. */
export async function getPlaylist(deps: LibDeps, viewerId: string, playlistId: string): Promise<PlaylistDetail> {
  const p = await deps.db.playlist.findUnique({
    where: { id: playlistId },
    include: { user: { select: { id: true, username: true } }, tracks: { include: { track: true } } },
  });
  if (!p || (p.userId !== viewerId && !p.isPublic)) throw playlistNotFound();
  const tracks = p.tracks.sort(byPosition).map(toEntry);
  return {
    id: p.id, name: p.name, isPublic: p.isPublic, trackCount: tracks.length, coverUrl: tracks[0]?.track.thumbnailUrl ?? null,
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(), owner: p.user, tracks,
  };
}

export async function updatePlaylist(deps: LibDeps, userId: string, playlistId: string, input: UpdatePlaylistRequest): Promise<PlaylistSummary> {
  await deps.db.$transaction(async (tx) => {
    await lockOwned(tx, userId, playlistId);
    await tx.playlist.update({ where: { id: playlistId }, data: { name: input.name, isPublic: input.isPublic } });
  });
  return (await summaries(deps, userId, playlistId))[0];
}

export async function deletePlaylist(deps: LibDeps, userId: string, playlistId: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await lockOwned(tx, userId, playlistId);
    await tx.playlist.delete({ where: { id: playlistId } });
  });
}

/** Adds tracks (duplicates welcome) at index, or at the end. */
export async function addTracks(deps: LibDeps, userId: string, playlistId: string, tracks: readonly Track[], index?: number): Promise<PlaylistEntry[]> {
  const trackIds = await storeTracks(deps, tracks);
  const rows = await deps.db.$transaction(async (tx) => {
    await lockOwned(tx, userId, playlistId);
    if ((await tx.playlistTrack.count({ where: { playlistId } })) + tracks.length > MAX_PLAYLIST_TRACKS) throw tooManyTracks();
    const [before, after] = await neighbourKeys(tx, playlistId, index ?? Infinity);
    const keys = generateNKeysBetween(before, after, tracks.length);
    const created = await tx.playlistTrack.createManyAndReturn({
      data: tracks.map((_, i) => ({ playlistId, trackId: trackIds[i], position: keys[i] })),
      include: { track: true },
    });
    await touch(tx, playlistId);
    return created;
  });
  return rows.sort(byPosition).map(toEntry);
}

export async function removeEntry(deps: LibDeps, userId: string, playlistId: string, entryId: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await lockOwned(tx, userId, playlistId);
    const { count } = await tx.playlistTrack.deleteMany({ where: { id: entryId, playlistId } });
    if (!count) throw notFound('Playlist entry');
    await touch(tx, playlistId);
  });
}

/** Moves an entry so it ends up at index: one row rewritten. */
export async function moveEntry(deps: LibDeps, userId: string, playlistId: string, entryId: string, index: number): Promise<PlaylistEntry> {
  return deps.db.$transaction(async (tx) => {
    await lockOwned(tx, userId, playlistId);
    const entry = await tx.playlistTrack.findFirst({ where: { id: entryId, playlistId }, select: { id: true } });
    if (!entry) throw notFound('Playlist entry');
    const [before, after] = await neighbourKeys(tx, playlistId, index, entryId);
    const row = await tx.playlistTrack.update({ where: { id: entryId }, data: { position: generateKeyBetween(before, after) }, include: { track: true } });
    await touch(tx, playlistId);
    return toEntry(row);
  });
}
