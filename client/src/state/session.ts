// Who is using the app (the signed-in user or nobody) and what this browser remembers: recent rooms,
// the display name, and guest tokens per room.
import { createResource, createRoot } from 'solid-js';
import { auth } from '../api/endpoints.ts';
import type { User } from '../api/types.ts';
import { read, write } from './stored.ts';

export * from './stored.ts';

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

