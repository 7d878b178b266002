// What this browser remembers (localStorage): recent rooms, the display name, guest passes per room. No
// imports from the API: endpoints.ts reads the held guest pass from here, and session.ts imports endpoints.ts.
export type RecentRoom = { code: string; name: string; visitedAt: number };

const RECENT_KEY = 'jamroom:recent-rooms';
const NAME_KEY = 'jamroom:display-name';
const guestKey = (code: string) => `jamroom:guest:${code.toUpperCase()}`;

export function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function write(key: string, value: unknown) {
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
