// Music from the local folder: search, trending (most played lately), related and shelves on the index.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseFile } from 'music-metadata';
import type { Collection, CollectionResponse, SearchFilter, Shelf } from '../../../shared/api/catalog.ts';
import type { Track } from '../../../shared/api/track.ts';
import type { Logger } from '../../log.ts';
import { distinctShelves } from '../discovery.ts';
import type { MusicSource, SearchResult, StreamInfo } from '../source.ts';
import { generatedCover } from './cover-art.ts';
import { AUDIO_TYPES, LocalLibrary, type LocalEntry } from './library.ts';

const LIST_SIZE = 20;
const fold = (s: string | null | undefined) => (s ?? '').toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
/** Albums and artists of the folder get ids from their folded names. */
const collectionId = (kind: 'album' | 'artist', name: string) => `local-${kind}-${createHash('sha1').update(fold(name)).digest('hex').slice(0, 16)}`;
const byAlbumOrder = (a: LocalEntry, b: LocalEntry) =>
  fold(a.track.album).localeCompare(fold(b.track.album)) || (a.trackNo ?? 0) - (b.trackNo ?? 0) || a.track.title.localeCompare(b.track.title);

export class LocalSource implements MusicSource {
  readonly kind = 'local';
  readonly library: LocalLibrary;

  /** mostPlayed: video ids played most in rooms lately, most first. */
  constructor(dir: string, log: Logger, private readonly mostPlayed: () => Promise<string[]> = async () => []) {
    this.library = new LocalLibrary(dir, log);
  }

  private async sorted() {
    return (await this.library.all()).sort(byAlbumOrder);
  }

  async search(q: string, filter: SearchFilter): Promise<SearchResult> {
    const words = fold(q).split(/\s+/).filter(Boolean);
    const score = (e: LocalEntry) => {
      const t = e.track;
      const hay = fold([t.title, t.artist, t.album, ...e.genres].join(' '));
      if (!words.every((w) => hay.includes(w))) return 0;
      const title = fold(t.title);
      return title === words.join(' ') ? 4 : title.startsWith(words[0]!) ? 3 : words.some((w) => title.includes(w)) ? 2 : 1;
    };
    const hits = (await this.sorted()).map((e) => ({ e, s: score(e) })).filter((h) => h.s > 0).sort((a, b) => b.s - a.s).map((h) => h.e);
    if (filter === 'music_albums' || filter === 'music_artists') return { tracks: [], collections: collectionsOf(hits, filter), nextPage: null };
    if (filter === 'music_playlists') return { tracks: [], collections: [], nextPage: null };
    return { tracks: hits.map((e) => e.track), collections: [], nextPage: null };
  }

  async suggestions(q: string): Promise<string[]> {
    const prefix = fold(q).trim();
    const seen = new Set<string>();
    for (const e of await this.sorted()) {
      for (const s of [e.track.title, e.track.artist, e.track.album ?? '']) {
        if (s && fold(s).startsWith(prefix) && seen.size < 10) seen.add(s);
      }
    }
    return [...seen];
  }

  /** Most played in rooms lately, then the newest files, so the list is never empty. */
  async trending(): Promise<Track[]> {
    const entries = await this.library.all();
    const byId = new Map(entries.map((e) => [e.track.videoId, e]));
    const played = (await this.mostPlayed()).flatMap((id) => byId.get(id) ?? []);
    const newest = [...entries].sort((a, b) => b.mtimeMs - a.mtimeMs || a.track.title.localeCompare(b.track.title));
    return [...new Set([...played, ...newest])].slice(0, LIST_SIZE).map((e) => e.track);
  }

  async track(videoId: string) {
    return (await this.library.get(videoId))?.track ?? null;
  }

  /** Same artist, then same album, then shared genre, then the rest; never the seed. */
  async related(videoId: string): Promise<Track[] | null> {
    const seed = await this.library.get(videoId);
    if (!seed) return null;
    const rank = (e: LocalEntry) =>
      fold(e.track.artist) === fold(seed.track.artist) ? 0
        : seed.track.album && fold(e.track.album) === fold(seed.track.album) ? 1
          : e.genres.some((g) => seed.genres.includes(g)) ? 2 : 3;
    return (await this.sorted())
      .filter((e) => e.track.videoId !== videoId)
      .map((e, i) => ({ e, r: rank(e), i }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .slice(0, LIST_SIZE)
      .map((x) => x.e.track);
  }

  async collection(id: string): Promise<CollectionResponse | null> {
    const kind = id.startsWith('local-album-') ? 'album' : id.startsWith('local-artist-') ? 'artist' : null;
    if (!kind) return null;
    const entries = await this.sorted();
    const tracks = entries.map((e) => e.track).filter((t) => {
      const name = kind === 'album' ? t.album : t.artist;
      return !!name && collectionId(kind, name) === id;
    });
    const collection = collectionsOf(entries.filter((e) => tracks.includes(e.track)), kind === 'album' ? 'music_albums' : 'music_artists')[0];
    return collection ? { collection, tracks } : null;
  }

  /** A shelf per genre (largest first) and the files added most recently, each without what the ones above show. */
  async shelves(): Promise<Shelf[]> {
    const entries = await this.sorted();
    const genres = new Map<string, LocalEntry[]>();
    for (const e of entries) for (const g of e.genres) genres.set(g, [...(genres.get(g) ?? []), e]);
    const genreShelves = [...genres].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, 4)
      .map(([g, list]) => ({ id: `genre-${g.replace(/[^a-z0-9]+/g, '-')}`, title: g.replace(/\b\w/g, (c) => c.toUpperCase()), tracks: list.slice(0, LIST_SIZE).map((e) => e.track) }));
    const recent = [...entries].sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, LIST_SIZE).map((e) => e.track);
    return distinctShelves([...genreShelves, { id: 'new-releases', title: 'New in your library', tracks: recent }]);
  }

  async streamInfo(videoId: string): Promise<StreamInfo | null> {
    const e = await this.library.get(videoId);
    if (!e) return null;
    return { kind: 'file', path: e.path, mimeType: AUDIO_TYPES[path.extname(e.path).toLowerCase()]!, sizeBytes: e.sizeBytes };
  }

  /** The embedded cover art, read from the file when asked for (not held in memory), else one drawn from the album's name. */
  async cover(videoId: string): Promise<{ data: Uint8Array; mimeType: string } | null> {
    const e = await this.library.get(videoId);
    if (!e) return null;
    const picture = e.hasCover ? (await parseFile(e.path).catch(() => null))?.common.picture?.[0] : undefined;
    if (picture) return { data: picture.data, mimeType: picture.format.includes('/') ? picture.format : `image/${picture.format}` };
    return { data: Buffer.from(generatedCover(e.track.album ?? null, e.track.artist)), mimeType: 'image/svg+xml' };
  }

  close() { return this.library.close(); }
}

function collectionsOf(entries: LocalEntry[], filter: 'music_albums' | 'music_artists'): Collection[] {
  const out = new Map<string, Collection>();
  for (const { track } of entries) {
    const name = filter === 'music_albums' ? track.album : track.artist;
    if (!name) continue;
    const key = fold(name);
    const c = out.get(key);
    if (c) c.trackCount = (c.trackCount ?? 0) + 1;
    else out.set(key, { kind: filter === 'music_albums' ? 'album' : 'artist', id: collectionId(filter === 'music_albums' ? 'album' : 'artist', name), name, artist: filter === 'music_albums' ? track.artist : null, thumbnailUrl: track.thumbnailUrl ?? null, trackCount: 1 });
  }
  return [...out.values()];
}
