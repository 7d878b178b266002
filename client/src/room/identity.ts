// Who I am in a room: a signed-in user, or a guest with a token from joining by code.
import { rooms } from '../api/endpoints.ts';
import type { User } from '../api/types.ts';
import { guestFor, rememberGuest } from '../state/session.ts';
import type { Presence } from './connection.ts';

export type RoomIdentity = { token: string | null; presence: Presence; isGuest: boolean };

/** A stable, readable colour per person (hue from the id). */
export function colourFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 70% 62%)`;
}

export const asUser = (user: User): RoomIdentity => ({ token: null, isGuest: false, presence: { id: user.id, name: user.username, colour: colourFor(user.id) } });

/**
 * An identity usable right away, without a request: a signed-in user (the server makes them a member when
 * their socket authenticates; the code is the invitation) or a guest who joined this room before.
 */
export function knownIdentity(code: string, user: User | null): RoomIdentity | null {
  if (user) return asUser(user);
  const guest = guestFor(code);
  return guest ? { token: guest.token ?? null, isGuest: true, presence: { id: guest.id, name: guest.displayName, colour: colourFor(guest.id) } } : null;
}

/** Joins the room as a guest over REST: a guest identity bound to this room. */
export async function joinAsGuest(code: string, displayName: string): Promise<RoomIdentity> {
  const guest = (await rooms.join(code, displayName)).guest;
  if (!guest) throw new Error('The room did not give you a guest pass. Try again.');
  rememberGuest(code, guest);
  return { token: guest.token ?? null, isGuest: true, presence: { id: guest.id, name: guest.displayName, colour: colourFor(guest.id) } };
}
