// The catalog service other features call (rooms: autoplay and playable checks; library: track lookup).
// Routes and features go through here, never to a MusicSource directly, so caching is uniform.
import { createHash } from 'node:crypto';
import type { CollectionResponse, HomeResponse, SearchFilter, SearchQuery, Shelf } from '../../shared/api/catalog.ts';
import type { Track } from '../../shared/api/track.ts';
import type { Actor } from '../auth/actor.ts';
import type { Cache } from '../cache/cache.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import { distinctShelves } from './discovery.ts';
import { LocalSource } from './local/source.ts';
import { PipedSource } from './piped/source.ts';
import type { MusicSource, SearchResult, StreamInfo } from './source.ts';
import { Served, StaleCache } from './stale-cache.ts';
import { findTrack, toTrack, upsertTrack } from './track-store.ts';

/** TTLs in seconds; the first four are the seed's (notes/schema.md). */
export const TTL_S = { search: 3600, trending: 7200, recommendations: 3600, home: 3600, suggestions: 600, collection: 3600, streamUrl: 1200, playable: 6 * 3600 };
export const DEFAULT_REGION = 'US';

export const normaliseQuery = (q: string) => q.trim().replace(/\s+/g, ' ').toLowerCase();

// Cache keys: a fixed prefix, then fixed-vocabulary parts, then user text, %-encoded wherever another part
// follows or shares the prefix, so no text a client sends can spell someone else's key. Valid ids and
// region codes encode to themselves. (`search:` and `suggestions:` hold one raw query and nothing else.)
const part = encodeURIComponent;
const pageHash = (page: string) => createHash('sha1').update(page).digest('hex').slice(0, 16);

/**
 * `search:{query}` for the default filter's first page (the seed's key); any other filter or a later
 * page goes under its own prefix, `searchx:{filter}:{pageHash|first}:{%-encoded query}`, so no query text can
 * name another filter's or page's entry.
 */
export function searchKey(q: string, filter: SearchFilter = 'music_songs', page?: string): string {
  const query = normaliseQuery(q);
  if (filter === 'music_songs' && !page) return `search:${query}`;
  return `searchx:${filter}:${page ? pageHash(page) : 'first'}:${part(query)}`;
}
export const suggestionsKey = (q: string) => `suggestions:${normaliseQuery(q)}`;
export const trendingKey = (region = DEFAULT_REGION) => (region === DEFAULT_REGION ? 'trending' : `trending:${part(region)}`);
export const collectionKey = (id: string) => `collection:${part(id)}`;
export const recommendationsKey = (videoId: string) => `recommendations:${part(videoId)}:v2`;
export const streamKey = (videoId: string, preferM4a: boolean) => `stream:${part(videoId)}${preferM4a ? ':m4a' : ''}`;
export const playableKey = (videoId: string) => `playable:${part(videoId)}`;
export const HOME_KEY = 'home:shelves';

type CatalogDeps = { db: Db; cache: Cache; log: Logger };

export class Catalog {
  private cached: StaleCache;

  constructor(readonly source: MusicSource, private readonly deps: CatalogDeps) {
    this.cached = new StaleCache(deps.cache, deps.log);
  }

  search({ q, filter, page }: SearchQuery): Promise<Served<SearchResult>> {
    return this.cached.get(searchKey(q, filter, page), TTL_S.search, () => this.source.search(normaliseQuery(q), filter, page));
  }

  suggestions(q: string): Promise<Served<string[]>> {
    return this.cached.get(suggestionsKey(q), TTL_S.suggestions, () => this.source.suggestions(normaliseQuery(q)));
  }

  trending(region = DEFAULT_REGION): Promise<Served<Track[]>> {
    return this.cached.get(trendingKey(region), TTL_S.trending, () => this.source.trending(region));
  }

  /** An album, playlist or artist (ids from search collections) with its tracks; 404 when unknown. */
  collection(id: string): Promise<Served<CollectionResponse>> {
    return this.cached.get(collectionKey(id), TTL_S.collection, async () => {
      const found = await this.source.collection(id);
      if (!found) throw notFound('Collection');
      return found;
    });
  }

  /** Up to `limit` tracks to play after the seed (never the seed); 404 for an unknown seed. */
  async recommendations(videoId: string, limit = 20): Promise<Served<Track[]>> {
    const served = await this.cached.get(recommendationsKey(videoId), TTL_S.recommendations, async () => {
      const tracks = await this.source.related(videoId);
      if (!tracks) throw notFound('Track');
      return tracks.filter((t) => t.videoId !== videoId);
    });
    return served.data.length <= limit ? served : Served.of(served.cache, served.data.slice(0, limit));
  }

  /**
   * Shared shelves from `home:shelves`; a signed-in user's own shelves are added per request, never cached.
   * No song shows on two shelves: a shelf keeps what the ones above it do not show.
   */
  async home(actor?: Actor | null): Promise<Served<HomeResponse>> {
    const shared = await this.cached.get<HomeResponse>(HOME_KEY, TTL_S.home, async () => {
      const [trending, shelves] = await Promise.all([this.trending().then((s) => s.data).catch(() => []), this.source.shelves()]);
      return { shelves: distinctShelves([{ id: 'trending', title: 'Trending now', tracks: trending.slice(0, 20) }, ...shelves]) };
    });
    if (actor?.kind !== 'user') return shared;
    const own = await this.userShelves(actor.id).catch((err) => {
      this.deps.log.warn({ err: err.message }, 'personal shelves failed');
      return [];
    });
    return Served.of(shared.cache, { shelves: distinctShelves([...own, ...shared.data.shelves]) });
  }

  /** From the Track table, else from the source (then stored); 404 when nobody knows the id. */
  async getTrack(videoId: string): Promise<Track> {
    const stored = await findTrack(this.deps.db, videoId);
    if (stored) return stored;
    const track = await this.source.track(videoId);
    if (!track) throw notFound('Track');
    await upsertTrack(this.deps.db, track);
    return track;
  }

  /** Where the audio is. Piped URLs expire, so they are cached briefly and resolved near play time. */
  async streamInfo(videoId: string, preferM4a = false): Promise<StreamInfo> {
    const load = async () => (await this.source.streamInfo(videoId, preferM4a)) ?? false;
    const info = this.source.kind === 'piped'
      ? await this.deps.cache.wrap(streamKey(videoId, preferM4a), TTL_S.streamUrl, load)
      : await load();
    if (!info) throw notFound('Playable audio for this track');
    return info;
  }

  /** Whether the track resolves to audio the browser can play; checked once, then cached. */
  async playable(videoId: string): Promise<boolean> {
    return this.deps.cache.wrap(playableKey(videoId), TTL_S.playable, async () => (await this.source.streamInfo(videoId)) !== null);
  }

  close() { return this.source.close(); }

  private async userShelves(userId: string): Promise<Shelf[]> {
    const { db } = this.deps;
    const [played, liked] = await Promise.all([
      db.roomQueue.findMany({
        where: { isPlayed: true, room: { members: { some: { userId } } } },
        orderBy: [{ playedAt: { sort: 'desc', nulls: 'last' } }, { addedAt: 'desc' }], take: 60, include: { track: true },
      }),
      db.likedTrack.findFirst({ where: { userId }, orderBy: { createdAt: 'desc' }, include: { track: true } }),
    ]);
    const seen = new Set<string>();
    const recent = played.map((q) => toTrack(q.track)).filter((t) => !seen.has(t.videoId) && !!seen.add(t.videoId)).slice(0, 20);
    const shelves: Shelf[] = [{ id: 'recently-played', title: 'Recently played', tracks: recent }];
    if (liked) {
      const recs = await this.recommendations(liked.track.pipedId, 12).catch(() => null);
      if (recs) shelves.push({ id: 'because-you-liked', title: `Because you liked ${liked.track.title}`, tracks: recs.data });
    }
    return shelves.filter((s) => s.tracks.length);
  }
}

/** Piped when PIPED_API_URL is set, else the local folder (trending = most played in rooms lately). */
export function createCatalog(config: Pick<Config, 'pipedApiUrls' | 'pipedTimeoutMs' | 'musicDir'>, deps: CatalogDeps): Catalog {
  const source = config.pipedApiUrls.length
    ? new PipedSource(config.pipedApiUrls, config.pipedTimeoutMs, deps.log)
    : new LocalSource(config.musicDir, deps.log, () => mostPlayedLately(deps.db));
  return new Catalog(source, deps);
}

const LATELY_MS = 14 * 86400_000;

async function mostPlayedLately(db: Db): Promise<string[]> {
  const rows = await db.roomQueue.groupBy({
    by: ['trackId'], where: { isPlayed: true, playedAt: { gte: new Date(Date.now() - LATELY_MS) } },
    _count: { trackId: true }, orderBy: { _count: { trackId: 'desc' } }, take: 50,
  });
  const tracks = await db.track.findMany({ where: { id: { in: rows.map((r) => r.trackId) } }, select: { id: true, pipedId: true } });
  const byId = new Map(tracks.map((t) => [t.id, t.pipedId]));
  return rows.flatMap((r) => byId.get(r.trackId) ?? []);
}
