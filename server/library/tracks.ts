// Where the library gets a track's metadata when a request names only its video id.
import type { Track } from '../../shared/api/track.ts';
import { upsertTrack } from '../catalog/track-store.ts';
import { AppError } from '../http/errors.ts';
import type { Deps } from '../deps.ts';

/** Metadata for a video id the client sent without any: the catalog's (stored, else from the source). */
export async function lookupTrack(deps: Pick<Deps, 'catalog'>, videoId: string): Promise<Track | null> {
  return deps.catalog.getTrack(videoId).catch((err) => {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  });
}

/** Row ids for the tracks (upserted by video id), in the same order; one upsert per distinct track. */
export async function storeTracks(deps: Pick<Deps, 'db'>, tracks: readonly Track[]): Promise<string[]> {
  const ids = new Map<string, string>();
  for (const t of tracks) if (!ids.has(t.videoId)) ids.set(t.videoId, await upsertTrack(deps.db, t));
  return tracks.map((t) => ids.get(t.videoId)!);
}
