// Where the library gets a track's metadata when a request names only its video id.
import type { Track } from '../../shared/api/track.ts';
import { findTrack, upsertTrack } from '../catalog/track-store.ts';
import type { Deps } from '../deps.ts';

/**
 * Metadata for a video id the client sent without any. Today: only tracks already stored.
 * Seam for the catalog: once it can look a video id up (Piped /streams or the local folder), call it here.
 */
export async function lookupTrack(deps: Pick<Deps, 'db'>, videoId: string): Promise<Track | null> {
  return findTrack(deps.db, videoId);
}

/** Row ids for the tracks (upserted by video id), in the same order; one upsert per distinct track. */
export async function storeTracks(deps: Pick<Deps, 'db'>, tracks: readonly Track[]): Promise<string[]> {
  const ids = new Map<string, string>();
  for (const t of tracks) if (!ids.has(t.videoId)) ids.set(t.videoId, await upsertTrack(deps.db, t));
  return tracks.map((t) => ids.get(t.videoId)!);
}
