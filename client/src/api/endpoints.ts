// Typed calls for every endpoint the client uses, all through api().
import type { AuthResponse, DeleteMeRequest, LoginRequest, MeResponse, RegisterRequest, SessionResponse, UpdateMeRequest } from '../../../shared/api/auth.ts';
import type {
  AddTracksRequest, CreatePlaylistRequest, LikedIdsResponse, LikedPage, MoveEntryRequest, PlaylistResponse, PlaylistsResponse, UpdatePlaylistRequest,
} from '../../../shared/api/library.ts';
import { guestFor, recentRooms } from '../state/session.ts';
import { api } from './client.ts';
import type { HomeResponse, SearchFilter as ApiSearchFilter } from '../../../shared/api/catalog.ts';
import type { ChatHistoryResponse, MembersResponse } from '../../../shared/api/rooms.ts';
import type { RoomSettings } from '../../../shared/room/doc.ts';
import type { Permissions } from '../../../shared/room/permissions.ts';
import type { CollectionResponse, CreatedRoom, JoinResponse, RoomDetails, RoomListItem, SearchFilter, SearchResult, Track, User } from './types.ts';

const enc = encodeURIComponent;

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
  liked: async (cursor?: string) => {
    const page = await api<LikedPage>('/library/liked', { query: { cursor } });
    return { tracks: page.items.map((i) => i.track), nextCursor: page.nextCursor };
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
