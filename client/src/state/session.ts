// Who is using the app (the signed-in user or nobody) and what this browser remembers: recent rooms,
// the display name, and guest tokens per room.
import { createResource, createRoot } from 'solid-js';
import { auth } from '../api/endpoints.ts';
import type { User } from '../api/types.ts';

const USER_KEY = 'jamroom:user';

/** The signed-in user. When the server cannot be reached, the last known answer stands (offline use). */
export const session = createRoot(() => {
  const [user, { mutate, refetch }] = createResource<User | null>(async () => {
    try {
      const me = await auth.me();
      write(USER_KEY, me);
      return me;
    } catch {
      return read<User | null>(USER_KEY, null);
    }
  });
  const setUser = (u: User | null) => {
    write(USER_KEY, u);
    mutate(u);
  };
  return { user, setUser, refresh: refetch };
});

export type RecentRoom = { code: string; name: string; visitedAt: number };

const RECENT_KEY = 'jamroom:recent-rooms';
const NAME_KEY = 'jamroom:display-name';
const guestKey = (code: string) => `jamroom:guest:${code.toUpperCase()}`;

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or full storage: the app still works, it just forgets.
  }
}

export const recentRooms = (): RecentRoom[] => read<RecentRoom[]>(RECENT_KEY, []);

export function rememberRoom(code: string, name: string) {
  const rest = recentRooms().filter((r) => r.code !== code);
  write(RECENT_KEY, [{ code, name, visitedAt: Date.now() }, ...rest].slice(0, 8));
}

/** Takes a room off this browser's recent rooms; its guest pass stays, so rejoining needs no name. */
export function forgetRoom(code: string) {
  write(RECENT_KEY, recentRooms().filter((r) => r.code !== code.toUpperCase()));
}

export const displayName = (): string => read<string>(NAME_KEY, '');
export const rememberDisplayName = (name: string) => write(NAME_KEY, name);

export type GuestIdentity = { id: string; displayName: string; token?: string };
export const guestFor = (code: string): GuestIdentity | null => read<GuestIdentity | null>(guestKey(code), null);
export const rememberGuest = (code: string, guest: GuestIdentity) => write(guestKey(code), guest);
export const forgetGuest = (code: string) => {
  try {
    localStorage.removeItem(guestKey(code));
  } catch {
    // nothing stored
  }
};

/** Accepts "ABC123", "abc 123", "/r/ABC123" or a full link; returns the code or null. */
export function parseRoomCode(input: string): string | null {
  const fromLink = /\/r\/([A-Za-z0-9]{6})(?:[/?#]|$)/.exec(input.trim())?.[1];
  const raw = (fromLink ?? input).replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z0-9]{6}$/.test(raw) ? raw : null;
}
