// Piped answers → Jamroom types. Lenient per item (a strange item is skipped), strict per answer shape.
import { z } from 'zod';
import type { Collection, SearchFilter } from '../../../shared/api/catalog.ts';
import type { Track } from '../../../shared/api/track.ts';

const nullish = <T extends z.ZodTypeAny>(t: T) => t.nullish();

export const ItemSchema = z.object({
  url: z.string(),
  type: nullish(z.string()),
  title: nullish(z.string()),
  name: nullish(z.string()),
  thumbnail: nullish(z.string()),
  uploaderName: nullish(z.string()),
  duration: nullish(z.number()),
  isShort: nullish(z.boolean()),
  videos: nullish(z.number()),
});
type Item = z.infer<typeof ItemSchema>;

export const SearchAnswerSchema = z.object({ items: z.array(z.unknown()), nextpage: nullish(z.string()) });
export const SuggestionsAnswerSchema = z.array(z.unknown());
export const TrendingAnswerSchema = z.array(z.unknown());

export const AudioStreamSchema = z.object({
  url: z.string().min(1),
  format: nullish(z.string()),
  mimeType: nullish(z.string()),
  codec: nullish(z.string()),
  bitrate: nullish(z.number()),
  videoOnly: nullish(z.boolean()),
  audioTrackType: nullish(z.string()),
});
export type AudioStream = z.infer<typeof AudioStreamSchema>;

export const StreamsAnswerSchema = z.object({
  title: z.string(),
  description: nullish(z.string()),
  uploader: nullish(z.string()),
  thumbnailUrl: nullish(z.string()),
  duration: z.number(),
  livestream: nullish(z.boolean()),
  audioStreams: nullish(z.array(z.unknown())),
  relatedStreams: nullish(z.array(z.unknown())),
});
export type StreamsAnswer = z.infer<typeof StreamsAnswerSchema>;

export const PlaylistAnswerSchema = z.object({
  name: z.string(), thumbnailUrl: nullish(z.string()), uploader: nullish(z.string()), videos: nullish(z.number()), relatedStreams: z.array(z.unknown()),
});
export const ChannelAnswerSchema = z.object({ id: nullish(z.string()), name: z.string(), avatarUrl: nullish(z.string()), relatedStreams: z.array(z.unknown()) });

/** YouTube Music album playlists are "OLAK5uy_…" and named "Album - <name>"; channel ids start with UC. */
export const isAlbumId = (id: string) => id.startsWith('OLAK5uy_');
export const isChannelId = (id: string) => /^UC[A-Za-z0-9_-]{22}$/.test(id);
export const albumName = (name: string) => name.replace(/^Album - /, '');

/** YouTube's auto-generated artist channels are named "<Artist> - Topic". */
export const cleanArtist = (name: string | null | undefined) => (name ?? '').replace(/\s+-\s+Topic$/i, '').trim();

export function videoIdFromUrl(url: string): string | null {
  return /[?&]v=([A-Za-z0-9_-]{11})(?:&|$)/.exec(url)?.[1] ?? null;
}

const parseItem = (raw: unknown): Item | null => {
  const r = ItemSchema.safeParse(raw);
  return r.success ? r.data : null;
};

/** A stream item as a Track, or null for shorts, live streams, items without a duration or non-streams. */
export function itemToTrack(raw: unknown): Track | null {
  const item = parseItem(raw);
  if (!item || (item.type && item.type !== 'stream')) return null;
  const videoId = videoIdFromUrl(item.url);
  if (!videoId || item.isShort || !item.title) return null;
  if (typeof item.duration !== 'number' || item.duration <= 0) return null;
  return {
    videoId, title: item.title, artist: cleanArtist(item.uploaderName), album: null,
    thumbnailUrl: item.thumbnail ?? null, durationS: Math.round(item.duration),
  };
}

export function itemsToTracks(items: unknown[]): Track[] {
  const seen = new Set<string>();
  const out: Track[] = [];
  for (const raw of items) {
    const t = itemToTrack(raw);
    if (t && !seen.has(t.videoId)) { seen.add(t.videoId); out.push(t); }
  }
  return out;
}

/** Albums and playlists come back as playlist items, artists as channel items. */
export function itemToCollection(raw: unknown, filter: SearchFilter): Collection | null {
  const item = parseItem(raw);
  if (!item) return null;
  if (item.type === 'playlist') {
    const id = /[?&]list=([A-Za-z0-9_-]+)/.exec(item.url)?.[1];
    if (!id) return null;
    const kind = filter === 'music_albums' || isAlbumId(id) ? 'album' : 'playlist';
    return { kind, id, name: item.name ?? item.title ?? '', artist: cleanArtist(item.uploaderName) || null, thumbnailUrl: item.thumbnail ?? null, trackCount: item.videos ?? null };
  }
  if (item.type === 'channel') {
    const id = /\/channel\/([A-Za-z0-9_-]+)/.exec(item.url)?.[1];
    if (!id) return null;
    return { kind: 'artist', id, name: cleanArtist(item.name), artist: null, thumbnailUrl: item.thumbnail ?? null, trackCount: item.videos ?? null };
  }
  return null;
}

/** "Provided to YouTube by …" descriptions name the album on the line after "Title · Artist". */
export function albumFromDescription(description: string | null | undefined): string | null {
  if (!description?.startsWith('Provided to YouTube by')) return null;
  const lines = description.split(/<br\s*\/?>|\n/).map((l) => l.trim()).filter(Boolean);
  const album = lines[2];
  return album && !/^(℗|Released on|Auto-generated)/.test(album) ? album : null;
}

export function streamsToTrack(videoId: string, s: StreamsAnswer): Track | null {
  if (s.livestream || s.duration <= 0) return null;
  return {
    videoId, title: s.title, artist: cleanArtist(s.uploader), album: albumFromDescription(s.description),
    thumbnailUrl: s.thumbnailUrl ?? null, durationS: Math.round(s.duration),
  };
}

const isOpus = (a: AudioStream) => a.format === 'WEBMA_OPUS' || /webm/.test(a.mimeType ?? '') || a.codec === 'opus';
const isM4a = (a: AudioStream) => a.format === 'M4A' || /audio\/mp4/.test(a.mimeType ?? '');

/**
 * The best audio-only stream: opus/webm, then m4a (m4a first when the browser cannot play webm), then
 * anything else; highest bitrate within a kind; original audio before dubbed tracks.
 */
export function pickAudioStream(rawStreams: unknown[], preferM4a = false): AudioStream | null {
  const streams = rawStreams.flatMap((raw) => {
    const r = AudioStreamSchema.safeParse(raw);
    return r.success && !r.data.videoOnly && (r.data.mimeType ?? 'audio/').startsWith('audio/') ? [r.data] : [];
  });
  const rank = (a: AudioStream) => (isOpus(a) ? (preferM4a ? 1 : 0) : isM4a(a) ? (preferM4a ? 0 : 1) : 2);
  const dubbed = (a: AudioStream) => (a.audioTrackType && a.audioTrackType !== 'ORIGINAL' ? 1 : 0);
  streams.sort((a, b) => dubbed(a) - dubbed(b) || rank(a) - rank(b) || (b.bitrate ?? 0) - (a.bitrate ?? 0));
  return streams[0] ?? null;
}

export function audioMimeType(a: AudioStream): string {
  if (a.mimeType) return a.mimeType.split(';')[0]!;
  return isOpus(a) ? 'audio/webm' : 'audio/mp4';
}
