// Catalog API: search, suggestions, trending, home shelves, recommendations (requests and responses).
import { z } from 'zod';
import { TrackSchema, VideoIdSchema } from './track.ts';

export const SearchFilterSchema = z.enum(['music_songs', 'music_videos', 'music_albums', 'music_playlists', 'music_artists']);
export type SearchFilter = z.infer<typeof SearchFilterSchema>;

export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1, 'type something to search for').max(200),
  filter: SearchFilterSchema.default('music_songs'),
  /** Opaque token from a previous answer's `nextPage`. */
  page: z.string().min(1).max(4000).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SuggestionsQuerySchema = z.object({ q: z.string().trim().min(1).max(200) });

export const TrendingQuerySchema = z.object({
  region: z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter region code like US').transform((r) => r.toUpperCase()).default('US'),
});

export const RecommendationsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(20).default(20) });

export const VideoIdParamSchema = z.object({ videoId: VideoIdSchema });

/** An album, playlist or artist found by a non-song search. */
export const CollectionSchema = z.object({
  kind: z.enum(['album', 'playlist', 'artist']),
  id: z.string(),
  name: z.string(),
  artist: z.string().nullish(),
  thumbnailUrl: z.string().nullish(),
  trackCount: z.number().int().nullish(),
});
export type Collection = z.infer<typeof CollectionSchema>;

/** A Piped playlist/album id, a channel id (artist), or a local `local-album-…`/`local-artist-…` id. */
export const CollectionIdParamSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{2,100}$/, 'not a collection id') });

export const CollectionResponseSchema = z.object({ collection: CollectionSchema, tracks: z.array(TrackSchema) });
export type CollectionResponse = z.infer<typeof CollectionResponseSchema>;

export const SearchResponseSchema = z.object({
  tracks: z.array(TrackSchema),
  collections: z.array(CollectionSchema),
  nextPage: z.string().nullable(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

export const TracksResponseSchema = z.object({ tracks: z.array(TrackSchema) });
export type TracksResponse = z.infer<typeof TracksResponseSchema>;

export const SuggestionsResponseSchema = z.object({ suggestions: z.array(z.string()) });

export const ShelfSchema = z.object({ id: z.string(), title: z.string(), tracks: z.array(TrackSchema) });
export type Shelf = z.infer<typeof ShelfSchema>;

export const HomeResponseSchema = z.object({ shelves: z.array(ShelfSchema) });
export type HomeResponse = z.infer<typeof HomeResponseSchema>;

/** Response header set when an answer comes from an expired copy because the source failed. */
export const STALE_HEADER = 'x-jamroom-stale';
/** Response header: `hit`, `miss` or `stale` — where a discovery answer came from. */
export const CACHE_HEADER = 'x-jamroom-cache';
