// Discovery: "smart recommendations" (v2: music only, no seed, no re-uploads of one song, at most two per
// artist) and home shelves that do not repeat one another.
import type { Track } from '../../shared/api/track.ts';

export const RECOMMENDATION_COUNT = 20;
const MIN_DURATION_S = 60;
const MAX_DURATION_S = 15 * 60;
const PER_ARTIST = 2;

const NOISE = /\s*[([][^)\]]*\b(official|video|audio|lyrics?|visuali[sz]er|hd|hq|4k|mv|m\/v|explicit|clean|remaster(ed)?)\b[^)\]]*[)\]]/gi;
const FEATURING = /\s*[([]?\s*\b(feat\.?|ft\.?|featuring)\s[^)\]]*[)\]]?/gi;

const squash = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** One key per song: "Artist - Song (Official Video) [HD] ft. X" → "song". */
export function normaliseTitle(title: string, artist = ''): string {
  let t = title.replace(NOISE, ' ').replace(FEATURING, ' ').replace(/\b(hd|hq|4k)\b/gi, ' ');
  const dash = t.indexOf(' - ');
  if (dash > 0 && artist && squash(t.slice(0, dash)) === squash(artist)) t = t.slice(dash + 3);
  return squash(t);
}

/** Candidates in the order given (deterministic), filtered by the v2 rules, at most `count`. */
export function smartRecommendations(seed: Track, candidates: Track[], count = RECOMMENDATION_COUNT): Track[] {
  const songs = new Set([normaliseTitle(seed.title, seed.artist)]);
  const ids = new Set([seed.videoId]);
  const perArtist = new Map<string, number>();
  const out: Track[] = [];
  for (const t of candidates) {
    if (out.length >= count) break;
    if (ids.has(t.videoId) || t.durationS < MIN_DURATION_S || t.durationS > MAX_DURATION_S) continue;
    const song = normaliseTitle(t.title, t.artist);
    const artist = squash(t.artist);
    if (songs.has(song) || (perArtist.get(artist) ?? 0) >= PER_ARTIST) continue;
    ids.add(t.videoId);
    songs.add(song);
    perArtist.set(artist, (perArtist.get(artist) ?? 0) + 1);
    out.push(t);
  }
  return out;
}

/** One key per song for telling shelves apart: re-uploads of a song by the same artist share it. */
const songKey = (t: Track) => {
  const song = normaliseTitle(t.title, t.artist);
  return song ? `${song}|${squash(t.artist)}` : `id:${t.videoId}`;
};

/**
 * Home shelves a listener can tell apart: each shelf keeps only the songs no shelf above it shows, and a
 * shelf left with nothing new is dropped. The first shelf with tracks always stays (minus its own repeats).
 */
export function distinctShelves<S extends { tracks: Track[] }>(shelves: readonly S[]): S[] {
  const shownIds = new Set<string>();
  const shownSongs = new Set<string>();
  const out: S[] = [];
  for (const shelf of shelves) {
    const tracks = shelf.tracks.filter((t) => {
      const song = songKey(t);
      if (shownIds.has(t.videoId) || shownSongs.has(song)) return false;
      shownIds.add(t.videoId);
      shownSongs.add(song);
      return true;
    });
    if (tracks.length) out.push({ ...shelf, tracks });
  }
  return out;
}
