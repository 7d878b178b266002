// Liked Songs: one row per (user, track), listed newest first.
import type { LikedPage, LikedTrack } from '../../shared/api/library.ts';
import type { Track } from '../../shared/api/track.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { toTrack, upsertTrack } from '../catalog/track-store.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/errors.ts';
import { lookupTrack } from './tracks.ts';

type LibDeps = Pick<Deps, 'db' | 'catalog'>;

async function trackIdFor(deps: LibDeps, videoId: string, metadata: Track | undefined): Promise<string> {
  if (metadata && metadata.videoId !== videoId) throw new AppError(422, ErrorCode.validation, 'videoId in the body differs from the one in the path');
  const track = metadata ?? (await lookupTrack(deps, videoId));
  if (!track) {
    throw new AppError(422, ErrorCode.validation, 'This track is not known yet: send its metadata (videoId, title, artist, durationS) as the body');
  }
  return upsertTrack(deps.db, track);
}

/** Idempotent: liking again keeps the first like's time. */
export async function like(deps: LibDeps, userId: string, videoId: string, metadata?: Track): Promise<LikedTrack> {
  const trackId = await trackIdFor(deps, videoId, metadata);
  await deps.db.likedTrack.createMany({ data: [{ userId, trackId }], skipDuplicates: true });
  const row = await deps.db.likedTrack.findUniqueOrThrow({ where: { userId_trackId: { userId, trackId } }, include: { track: true } });
  return { track: toTrack(row.track), likedAt: row.createdAt.toISOString() };
}

export async function unlike(deps: LibDeps, userId: string, videoId: string): Promise<void> {
  await deps.db.likedTrack.deleteMany({ where: { userId, track: { pipedId: videoId } } });
}

// The cursor names the last row of a page: (createdAt, id), so pages stay stable while likes are added.
const encodeCursor = (createdAt: Date, id: string) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [iso, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const createdAt = new Date(iso);
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && !Number.isNaN(createdAt.getTime())) return { createdAt, id };
  } catch { /* fall through */ }
  throw new AppError(400, ErrorCode.badRequest, 'The cursor is not one this server handed out');
}

export async function listLiked(deps: LibDeps, userId: string, limit: number, cursor?: string): Promise<LikedPage> {
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await deps.db.likedTrack.findMany({
    where: {
      userId,
      ...(after && { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: { track: true },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ track: toTrack(r.track), likedAt: r.createdAt.toISOString() })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** Which of these video ids the user likes (for "liked" badges on search results and queues). */
export async function likedIds(deps: LibDeps, userId: string, videoIds: string[]): Promise<string[]> {
  const rows = await deps.db.likedTrack.findMany({ where: { userId, track: { pipedId: { in: videoIds } } }, select: { track: { select: { pipedId: true } } } });
  return rows.map((r) => r.track.pipedId);
}
