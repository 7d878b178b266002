// Typed calls for every endpoint the client uses, all through api().
import { api, ApiError } from './client.ts';
import type { JoinResult, Playlist, PlaylistSummary, RoomInfo, SearchFilter, SearchResult, Shelf, Track, User } from './types.ts';

const enc = encodeURIComponent;

export const auth = {
  /** The signed-in user, or null for a visitor (401). */
  me: async (): Promise<User | null> => {
    try {
      return (await api<{ user: User }>('/auth/me')).user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  login: async (login: string, password: string) => (await api<{ user: User }>('/auth/login', { json: { login, password } })).user,
  register: async (email: string, username: string, password: string) =>
    (await api<{ user: User }>('/auth/register', { json: { email, username, password } })).user,
  logout: () => api<void>('/auth/logout', { method: 'POST', json: {} }),
  update: async (changes: { username?: string; password?: string; currentPassword?: string }) =>
    (await api<{ user: User }>('/auth/me', { method: 'PATCH', json: changes })).user,
  remove: (password: string) => api<void>('/auth/me', { method: 'DELETE', json: { password } }),
};

export const rooms = {
  create: (name: string) => api<RoomInfo>('/rooms', { json: { name } }),
  get: (code: string) => api<RoomInfo>(`/rooms/${enc(code)}`),
  mine: async () => {
    const body = await api<{ rooms: RoomInfo[] } | RoomInfo[]>('/rooms');
    return Array.isArray(body) ? body : body.rooms;
  },
  join: (code: string, displayName?: string) => api<JoinResult>(`/rooms/${enc(code)}/join`, { json: displayName ? { displayName } : {} }),
  update: (code: string, changes: { name?: string; settings?: Record<string, unknown> }) =>
    api<RoomInfo>(`/rooms/${enc(code)}`, { method: 'PATCH', json: changes }),
  remove: (code: string) => api<void>(`/rooms/${enc(code)}`, { method: 'DELETE' }),
};

export const catalog = {
  search: (q: string, filter: SearchFilter, signal?: AbortSignal, page?: string) =>
    api<SearchResult>('/search', { query: { q, filter: `music_${filter}`, page }, signal }),
  suggestions: async (q: string, signal?: AbortSignal) => (await api<{ suggestions: string[] }>('/search/suggestions', { query: { q }, signal })).suggestions,
  home: async () => (await api<{ shelves: Shelf[] }>('/home')).shelves,
  track: (videoId: string) => api<Track>(`/tracks/${enc(videoId)}`),
};

export const streamUrl = (videoId: string) => `/api/tracks/${enc(videoId)}/stream`;

export const library = {
  liked: async (cursor?: string) => {
    const body = await api<{ items?: Track[]; tracks?: Track[]; nextCursor?: string | null }>('/library/liked', { query: { cursor } });
    return { tracks: body.items ?? body.tracks ?? [], nextCursor: body.nextCursor ?? null };
  },
  likedIds: async (videoIds: string[]) => {
    if (!videoIds.length) return new Set<string>();
    const body = await api<{ videoIds?: string[]; liked?: string[] }>('/library/liked/ids', { query: { videoIds: videoIds.join(',') } });
    return new Set(body.videoIds ?? body.liked ?? []);
  },
  like: (track: Track) => api<void>(`/library/liked/${enc(track.videoId)}`, { method: 'PUT', json: track }),
  unlike: (videoId: string) => api<void>(`/library/liked/${enc(videoId)}`, { method: 'DELETE' }),
  playlists: async () => {
    const body = await api<{ playlists: PlaylistSummary[] } | PlaylistSummary[]>('/library/playlists');
    return Array.isArray(body) ? body : body.playlists;
  },
  playlist: (id: string) => api<Playlist>(`/library/playlists/${enc(id)}`),
  createPlaylist: (name: string) => api<PlaylistSummary>('/library/playlists', { json: { name } }),
  renamePlaylist: (id: string, name: string) => api<PlaylistSummary>(`/library/playlists/${enc(id)}`, { method: 'PATCH', json: { name } }),
  deletePlaylist: (id: string) => api<void>(`/library/playlists/${enc(id)}`, { method: 'DELETE' }),
  addToPlaylist: (id: string, tracks: Track[]) => api<void>(`/library/playlists/${enc(id)}/tracks`, { json: { tracks } }),
  removeFromPlaylist: (id: string, entryId: string) => api<void>(`/library/playlists/${enc(id)}/tracks/${enc(entryId)}`, { method: 'DELETE' }),
  movePlaylistEntry: (id: string, entryId: string, toIndex: number) =>
    api<void>(`/library/playlists/${enc(id)}/tracks/${enc(entryId)}`, { method: 'PATCH', json: { toIndex } }),
};
