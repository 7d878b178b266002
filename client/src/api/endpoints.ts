// Typed calls for every endpoint the client uses, all through api().
import type { AuthResponse, DeleteMeRequest, LoginRequest, MeResponse, RegisterRequest, SessionResponse, UpdateMeRequest } from '../../../shared/api/auth.ts';
import type {
  AddTracksRequest, CreatePlaylistRequest, LikedIdsResponse, LikedPage, MoveEntryRequest, PlaylistResponse, PlaylistsResponse, UpdatePlaylistRequest,
} from '../../../shared/api/library.ts';
import { guestFor, recentRooms } from '../state/stored.ts';
import { api } from './client.ts';
import type { HomeResponse, SearchFilter as ApiSearchFilter } from '../../../shared/api/catalog.ts';
import type { AddToQueueResponse, ChatHistoryResponse, MembersResponse } from '../../../shared/api/rooms.ts';
import type { RoomSettings } from '../../../shared/room/doc.ts';
import type { Permissions } from '../../../shared/room/permissions.ts';
import type { CollectionResponse, CreatedRoom, JoinResponse, RoomDetails, RoomListItem, SearchFilter, SearchResult, Track, User } from './types.ts';

const enc = encodeURIComponent;

// shared/api/library.ts's MAX_TRACKS_PER_ADD, by its literal type: importing the value would bring zod (its
// validators' module) into the bundle; the type makes tsc fail here the day the shared number changes.
const MAX_TRACKS_PER_ADD: typeof import('../../../shared/api/library.ts').MAX_TRACKS_PER_ADD = 500;

/** The guest token of the room joined last: signing in with it turns that guest's membership into the account's. */
const heldGuestToken = (): string | undefined => {
  const code = recentRooms()[0]?.code;
  return (code && guestFor(code)?.token) || undefined;
};

export const auth = {
  /** The signed-in user, or null for a visitor (a 200 either way: no failed request in the console). */
  me: async (): Promise<User | null> => (await api<SessionResponse>('/auth/session')).user,
  login: async (login: string, password: string) =>
    (await api<AuthResponse>('/auth/login', { json: { login, password, guestToken: heldGuestToken() } satisfies LoginRequest })).user,
  register: async (email: string, username: string, password: string) =>
    (await api<AuthResponse>('/auth/register', { json: { email, username, password, guestToken: heldGuestToken() } satisfies RegisterRequest })).user,
  logout: () => api<void>('/auth/logout', { method: 'POST' }),
  update: async (changes: UpdateMeRequest) => (await api<MeResponse>('/auth/me', { method: 'PATCH', json: changes })).user,
  remove: (password: string) => api<void>('/auth/me', { method: 'DELETE', json: { password } satisfies DeleteMeRequest }),
};

export const rooms = {
  create: (name: string) => api<CreatedRoom>('/rooms', { json: { name } }),
  get: (code: string) => api<RoomDetails>(`/rooms/${enc(code)}`),
  mine: () => api<RoomListItem[]>('/rooms'),
  join: (code: string, displayName?: string) => api<JoinResponse>(`/rooms/${enc(code)}/join`, { json: displayName ? { displayName } : {} }),
  update: (code: string, changes: { name?: string; settings?: Partial<RoomSettings> }) => api<unknown>(`/rooms/${enc(code)}`, { method: 'PATCH', json: changes }),
  remove: (code: string) => api<void>(`/rooms/${enc(code)}`, { method: 'DELETE' }),
  /** Takes a room off my recent rooms (it comes back when I visit it again). */
  hide: (code: string) => api<void>(`/rooms/${enc(code)}/recent`, { method: 'DELETE' }),
  members: async (code: string) => (await api<MembersResponse>(`/rooms/${enc(code)}/members`)).members,
  /** Host only: per-member switches; null puts one back to the room-wide setting. */
  setMemberPermissions: (code: string, memberId: string, patch: Partial<Record<keyof Permissions, boolean | null>>) =>
    api<{ id: string; permissions: Permissions }>(`/rooms/${enc(code)}/members/${enc(memberId)}`, { method: 'PATCH', json: patch }),
  /** Host only: the member's sockets close; rejoining needs the code again. */
  removeMember: (code: string, memberId: string) => api<void>(`/rooms/${enc(code)}/members/${enc(memberId)}`, { method: 'DELETE' }),
  /** The room chat's recent messages, oldest first. */
  messages: async (code: string) => (await api<ChatHistoryResponse>(`/rooms/${enc(code)}/messages`)).messages,
  /**
   * Tracks into the room's queue, in order, by REST (for a room this tab is not connected to); the number added.
   * More than MAX_TRACKS_PER_ADD go in several requests; for 'next' the last part goes first, so the order holds.
   */
  addTracks: async (code: string, tracks: Track[], position: 'end' | 'next' = 'end') => {
    const parts: Track[][] = [];
    for (let i = 0; i < tracks.length; i += MAX_TRACKS_PER_ADD) parts.push(tracks.slice(i, i + MAX_TRACKS_PER_ADD));
    if (position === 'next') parts.reverse();
    let added = 0;
    for (const part of parts) added += (await api<AddToQueueResponse>(`/rooms/${enc(code)}/queue`, { json: { tracks: part, position } })).entries.length;
    return added;
  },
  /** A whole playlist (mine, or a public one) into the room's queue; the number of songs added. */
  addPlaylist: async (code: string, playlistId: string, position: 'end' | 'next' = 'end') =>
    (await api<AddToQueueResponse>(`/rooms/${enc(code)}/queue/playlist`, { json: { playlistId, position } })).entries.length,
};

export const catalog = {
  search: (q: string, filter: SearchFilter, signal?: AbortSignal, page?: string) =>
    api<SearchResult>('/search', { query: { q, filter: `music_${filter}` satisfies ApiSearchFilter, page }, signal }),
  suggestions: async (q: string, signal?: AbortSignal) => (await api<{ suggestions: string[] }>('/search/suggestions', { query: { q }, signal })).suggestions,
  home: async () => (await api<HomeResponse>('/home')).shelves,
  collection: (id: string, signal?: AbortSignal) => api<CollectionResponse>(`/collections/${enc(id)}`, { signal }),
  track: (videoId: string) => api<Track>(`/tracks/${enc(videoId)}`),
};

export const streamUrl = (videoId: string) => `/api/tracks/${enc(videoId)}/stream`;

export const library = {
  liked: async (cursor?: string | null, limit?: number) => {
    const page = await api<LikedPage>('/library/liked', { query: { cursor, limit } });
    return { tracks: page.items.map((i) => i.track), nextCursor: page.nextCursor };
  },
  /** Every liked song, newest first (page after page). */
  allLiked: async () => {
    const tracks: Track[] = [];
    let cursor: string | null = null;
    do {
      const page = await library.liked(cursor, 200);
      tracks.push(...page.tracks);
      cursor = page.nextCursor;
    } while (cursor);
    return tracks;
  },
  likedIds: async (videoIds: string[]) => {
    if (!videoIds.length) return new Set<string>();
    return new Set((await api<LikedIdsResponse>('/library/liked/ids', { query: { videoIds: videoIds.slice(0, 200).join(',') } })).likedIds);
  },
  like: (track: Track) => api<unknown>(`/library/liked/${enc(track.videoId)}`, { method: 'PUT', json: track }),
  unlike: (videoId: string) => api<void>(`/library/liked/${enc(videoId)}`, { method: 'DELETE' }),
  playlists: async () => (await api<PlaylistsResponse>('/library/playlists')).playlists,
  playlist: async (id: string) => (await api<PlaylistResponse>(`/library/playlists/${enc(id)}`)).playlist,
  createPlaylist: async (name: string, tracks: Track[] = []) =>
    (await api<PlaylistResponse>('/library/playlists', { json: { name, tracks } satisfies CreatePlaylistRequest })).playlist,
  renamePlaylist: (id: string, name: string) => api<PlaylistResponse>(`/library/playlists/${enc(id)}`, { method: 'PATCH', json: { name } satisfies UpdatePlaylistRequest }),
  deletePlaylist: (id: string) => api<void>(`/library/playlists/${enc(id)}`, { method: 'DELETE' }),
  addToPlaylist: (id: string, tracks: Track[]) => api<unknown>(`/library/playlists/${enc(id)}/tracks`, { json: { tracks } satisfies AddTracksRequest }),
  removeFromPlaylist: (id: string, entryId: string) => api<void>(`/library/playlists/${enc(id)}/tracks/${enc(entryId)}`, { method: 'DELETE' }),
  movePlaylistEntry: (id: string, entryId: string, index: number) =>
    api<unknown>(`/library/playlists/${enc(id)}/tracks/${enc(entryId)}`, { method: 'PATCH', json: { index } satisfies MoveEntryRequest }),
};
