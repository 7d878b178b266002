// The personal library: Liked Songs and playlists under /api/library.
import { z } from 'zod';
import { TrackSchema, VideoIdSchema, type Track } from './track.ts';

export const MAX_PLAYLIST_TRACKS = 10_000;
export const MAX_PLAYLISTS_PER_USER = 1_000;
/** Most tracks one request may add. */
export const MAX_TRACKS_PER_ADD = 500;

/** PUT /liked/:videoId: the body may carry the track's metadata; without it the server must know the track. */
export const LikeRequestSchema = TrackSchema.optional();

export const PageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const LikedIdsQuerySchema = z.object({
  videoIds: z.string().max(200 * 60).transform((s) => s.split(',').filter(Boolean)).pipe(z.array(VideoIdSchema).min(1).max(200)),
});

export type LikedTrack = { track: Track; likedAt: string };
export type LikedPage = { items: LikedTrack[]; nextCursor: string | null };
export type LikeResponse = LikedTrack;
export type LikedIdsResponse = { likedIds: string[] };

export const PlaylistNameSchema = z.string().trim().min(1, 'give the playlist a name').max(100);

export const CreatePlaylistRequestSchema = z.object({
  name: PlaylistNameSchema,
  isPublic: z.boolean().default(false),
  tracks: z.array(TrackSchema).max(MAX_TRACKS_PER_ADD).default([]),
});
export type CreatePlaylistRequest = z.input<typeof CreatePlaylistRequestSchema>;

export const UpdatePlaylistRequestSchema = z.object({
  name: PlaylistNameSchema.optional(),
  isPublic: z.boolean().optional(),
}).refine((b) => b.name !== undefined || b.isPublic !== undefined, 'send name or isPublic');
export type UpdatePlaylistRequest = z.infer<typeof UpdatePlaylistRequestSchema>;

export const AddTracksRequestSchema = z.object({
  tracks: z.array(TrackSchema).min(1).max(MAX_TRACKS_PER_ADD),
  /** Index the first added track gets; omitted or past the end appends. */
  index: z.number().int().min(0).optional(),
});
export type AddTracksRequest = z.infer<typeof AddTracksRequestSchema>;

/** Moves an entry so that it ends up at this index (past the end moves it last). */
export const MoveEntryRequestSchema = z.object({ index: z.number().int().min(0) });
export type MoveEntryRequest = z.infer<typeof MoveEntryRequestSchema>;

export type PlaylistSummary = {
  id: string;
  name: string;
  isPublic: boolean;
  trackCount: number;
  /** The first track's thumbnail. */
  coverUrl: string | null;
  createdAt: string;
  updatedAt: string;
};
export type PlaylistEntry = { entryId: string; track: Track; addedBy: string | null; addedAt: string };
export type PlaylistDetail = PlaylistSummary & { owner: { id: string; username: string }; tracks: PlaylistEntry[] };

export type PlaylistsResponse = { playlists: PlaylistSummary[] };
export type PlaylistResponse = { playlist: PlaylistDetail };
export type AddTracksResponse = { entries: PlaylistEntry[] };
