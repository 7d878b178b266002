// The API's shapes as the client uses them: all from shared/ (types only, so no validator reaches the bundle).
export type { Track } from '../../../shared/api/track.ts';
export type { User } from '../../../shared/api/auth.ts';
export type { PlaylistSummary, PlaylistDetail, PlaylistEntry } from '../../../shared/api/library.ts';
export type { CreatedRoom, JoinResponse, RoomDetails, RoomListItem } from '../../../shared/api/rooms.ts';
export type { Collection, CollectionResponse, SearchResponse as SearchResult, Shelf } from '../../../shared/api/catalog.ts';

/** The search filters as the page names them; the API calls them music_songs, music_videos, … */
export type SearchFilter = 'songs' | 'videos' | 'albums' | 'playlists' | 'artists';
