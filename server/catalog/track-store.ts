// Track rows are a cache of metadata keyed by video id: written by upsert only, never duplicated.
import type { Track } from '../../shared/api/track.ts';
import type { Db } from '../db/client.ts';

type TrackRow = { id: string; pipedId: string; title: string; artist: string; album: string | null; thumbnailUrl: string | null; duration: number };

export const toTrack = (row: TrackRow): Track => ({
  videoId: row.pipedId, title: row.title, artist: row.artist, album: row.album, thumbnailUrl: row.thumbnailUrl, durationS: row.duration,
});

const fields = (t: Track) => ({ title: t.title, artist: t.artist, album: t.album ?? null, thumbnailUrl: t.thumbnailUrl ?? null, duration: t.durationS });

/** Upserts one track by video id and returns its row id. */
export async function upsertTrack(db: Pick<Db, 'track'>, track: Track): Promise<string> {
  const row = await db.track.upsert({
    where: { pipedId: track.videoId },
    create: { pipedId: track.videoId, ...fields(track) },
    update: fields(track),
    select: { id: true },
  });
  return row.id;
}

export async function findTrack(db: Pick<Db, 'track'>, videoId: string): Promise<Track | null> {
  const row = await db.track.findUnique({ where: { pipedId: videoId } });
  return row ? toTrack(row) : null;
}
