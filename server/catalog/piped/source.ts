// Music from Piped instances (YouTube ids), through PipedClient's timeout and failover.
import type { CollectionResponse, SearchFilter, Shelf } from '../../../shared/api/catalog.ts';
import type { Track } from '../../../shared/api/track.ts';
import type { Logger } from '../../log.ts';
import { distinctShelves, smartRecommendations } from '../discovery.ts';
import type { MusicSource, SearchResult, StreamInfo } from '../source.ts';
import { PipedClient, PipedContentError } from './client.ts';
import {
  albumName, audioMimeType, ChannelAnswerSchema, cleanArtist, isAlbumId, isChannelId, itemsToTracks, PlaylistAnswerSchema, itemToCollection, pickAudioStream, SearchAnswerSchema, StreamsAnswerSchema, streamsToTrack,
  SuggestionsAnswerSchema, TrendingAnswerSchema, type StreamsAnswer,
} from './map.ts';

/** YouTube retired Trending in 2025: when an instance has nothing, these searches stand in. */
const CHART_QUERIES = ['top songs this week', 'global top 50 songs'];
/** Home shelves from fixed searches. */
const SHELF_QUERIES: Array<{ id: string; title: string; q: string }> = [
  { id: 'new-releases', title: 'New releases', q: 'new music this week' },
  { id: 'chill', title: 'Chill', q: 'chill music' },
  { id: 'focus', title: 'Focus', q: 'lofi focus music' },
  { id: 'workout', title: 'Workout', q: 'workout music' },
];
const THIN_RELATED = 10;

export class PipedSource implements MusicSource {
  readonly kind = 'piped';
  private client: PipedClient;

  constructor(baseUrls: readonly string[], timeoutMs: number, log: Logger) {
    this.client = new PipedClient(baseUrls, timeoutMs, log);
  }

  async search(q: string, filter: SearchFilter, page?: string): Promise<SearchResult> {
    const query = `q=${encodeURIComponent(q)}&filter=${filter}`;
    const path = page ? `/nextpage/search?nextpage=${encodeURIComponent(page)}&${query}` : `/search?${query}`;
    const answer = await this.client.get(path, SearchAnswerSchema);
    const songs = filter === 'music_songs' || filter === 'music_videos';
    return {
      tracks: songs ? itemsToTracks(answer.items) : [],
      collections: songs ? [] : answer.items.flatMap((i) => itemToCollection(i, filter) ?? []),
      nextPage: answer.nextpage ?? null,
    };
  }

  async suggestions(q: string): Promise<string[]> {
    const answer = await this.client.get(`/suggestions?query=${encodeURIComponent(q)}`, SuggestionsAnswerSchema);
    return answer.filter((s): s is string => typeof s === 'string').slice(0, 10);
  }

  async trending(region: string): Promise<Track[]> {
    let failure: unknown;
    try {
      const tracks = itemsToTracks(await this.client.get(`/trending?region=${region}`, TrendingAnswerSchema));
      if (tracks.length) return tracks;
    } catch (err) {
      failure = err;
    }
    const charts = await Promise.allSettled(CHART_QUERIES.map((q) => this.search(q, 'music_songs')));
    const tracks = dedupe(charts.flatMap((r) => (r.status === 'fulfilled' ? r.value.tracks : [])));
    if (!tracks.length && failure) throw failure;
    return tracks;
  }

  private async streams(videoId: string): Promise<StreamsAnswer | null> {
    try {
      return await this.client.get(`/streams/${videoId}`, StreamsAnswerSchema);
    } catch (err) {
      // Piped answers an unknown or removed video with a JSON error (400/404/500 "Video unavailable").
      if (err instanceof PipedContentError) return null;
      throw err;
    }
  }

  async track(videoId: string): Promise<Track | null> {
    const s = await this.streams(videoId);
    return s && streamsToTrack(videoId, s);
  }

  async related(videoId: string): Promise<Track[] | null> {
    const s = await this.streams(videoId);
    const seed = s && streamsToTrack(videoId, s);
    if (!s || !seed) return null;
    let picked = smartRecommendations(seed, itemsToTracks(s.relatedStreams ?? []));
    if (picked.length < THIN_RELATED && seed.artist) {
      const more = await this.search(seed.artist, 'music_songs').catch(() => null);
      if (more) picked = smartRecommendations(seed, [...picked, ...more.tracks]);
    }
    return picked;
  }

  async collection(id: string): Promise<CollectionResponse | null> {
    try {
      if (isChannelId(id)) {
        const c = await this.client.get(`/channel/${id}`, ChannelAnswerSchema);
        return { collection: { kind: 'artist', id, name: cleanArtist(c.name), artist: null, thumbnailUrl: c.avatarUrl ?? null, trackCount: null }, tracks: itemsToTracks(c.relatedStreams) };
      }
      const p = await this.client.get(`/playlists/${id}`, PlaylistAnswerSchema);
      const album = isAlbumId(id);
      const tracks = itemsToTracks(p.relatedStreams).map((t) => (album ? { ...t, album: albumName(p.name) } : t));
      return {
        collection: { kind: album ? 'album' : 'playlist', id, name: album ? albumName(p.name) : p.name, artist: cleanArtist(p.uploader) || null, thumbnailUrl: p.thumbnailUrl ?? null, trackCount: p.videos ?? tracks.length },
        tracks,
      };
    } catch (err) {
      if (err instanceof PipedContentError) return null;
      throw err;
    }
  }

  async shelves(): Promise<Shelf[]> {
    const results = await Promise.allSettled(SHELF_QUERIES.map((s) => this.search(s.q, 'music_songs')));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed && results.every((r) => r.status === 'rejected')) throw failed.reason;
    // Searches overlap (lofi is chill too): each shelf keeps what the ones before it do not show.
    return distinctShelves(SHELF_QUERIES.flatMap((s, i) => {
      const r = results[i]!;
      return r.status === 'fulfilled' ? [{ id: s.id, title: s.title, tracks: r.value.tracks.slice(0, 20) }] : [];
    }));
  }

  /**
   * Redirect, not proxy: Piped's audio URLs already point at the instance's own proxy (never at
   * YouTube), which serves Range requests and carries no secret of ours. Relaying every listener's
   * audio through this Node process would double the bandwidth and tie up the event loop for nothing.
   * The URLs expire after some hours, so they are resolved when a track is about to play.
   */
  async streamInfo(videoId: string, preferM4a = false): Promise<StreamInfo | null> {
    const s = await this.streams(videoId);
    if (!s || s.livestream) return null;
    const audio = pickAudioStream(s.audioStreams ?? [], preferM4a);
    return audio && { kind: 'url', url: audio.url, mimeType: audioMimeType(audio), bitrate: audio.bitrate ?? 0 };
  }

  async close() {}
}

function dedupe(tracks: Track[]): Track[] {
  const seen = new Set<string>();
  return tracks.filter((t) => !seen.has(t.videoId) && !!seen.add(t.videoId));
}
