// Response shapes the client relies on. Track comes from shared/; the rest mirror the accounts, rooms and
// catalog issues and switch to their shared/api modules as those land.
import type { Track } from '../../../shared/api/track.ts';

export type { Track };

export type { User } from '../../../shared/api/auth.ts';
export type { PlaylistSummary, PlaylistDetail, PlaylistEntry } from '../../../shared/api/library.ts';

export type RoomInfo = {
  id: string;
  code: string;
  name: string;
  hostId: string;
  memberCount?: number;
  queueLength?: number;
  nowPlaying?: Track | null;
  updatedAt?: string;
};

export type JoinResult = {
  roomId?: string;
  code?: string;
  guest?: { id: string; displayName: string; token?: string };
};

/** The filter the search page shows; the API names them music_songs, music_videos, … */
export type SearchFilter = 'songs' | 'videos' | 'albums' | 'playlists' | 'artists';

export type { Collection, CollectionResponse, SearchResponse as SearchResult, Shelf } from '../../../shared/api/catalog.ts';
