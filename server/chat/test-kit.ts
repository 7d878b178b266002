// Test helpers for the room chat: a room with a host and a guest connected, sending chat messages and
// reactions, and reading what a client was told.
import { makeGuest, makeRoom, makeUser, type Client } from '../rooms/test-kit.ts';

type Api = Parameters<typeof makeUser>[0];
type Open = (code: string, token: string) => Client;

let sent = 0;
/** Sends a chat message (extra fields ride along, as a forging client would add them); returns its clientId. */
export function say(c: Client, text: unknown, extra: object = {}): string {
  const clientId = `c${++sent}`;
  c.provider.sendStateless(JSON.stringify({ type: 'chat', text, clientId, ...extra }));
  return clientId;
}
export const react = (c: Client, emoji: string) => c.provider.sendStateless(JSON.stringify({ type: 'react', emoji }));

export const chats = (c: Client) => c.stateless.filter((m) => m.type === 'chat');
export const texts = (c: Client) => chats(c).map((m) => m.message.text);
export const refusalOf = (c: Client, clientId: string) => c.stateless.find((m) => m.type === 'chat-refused' && m.clientId === clientId)?.reason;
/** The reasons of the `refused` messages a client got, in order. */
export const refused = (c: Client) => c.stateless.filter((m) => m.type === 'refused').map((m) => m.reason);
export const reactions = (c: Client) => c.stateless.filter((m) => m.type === 'reaction');
export const lastAccess = (c: Client) => c.stateless.findLast((m) => m.type === 'access')?.permissions;

/** A new room with its host (h) and a guest named Gina (g) connected; openGuest puts the guest on another node. */
export async function chatRoom(api: Api, open: Open, openGuest: Open = open) {
  const host = await makeUser(api);
  const room = await makeRoom(api, host.token);
  const guest = await makeGuest(api, room.id, 'Gina');
  const h = open(room.code, host.token);
  const g = openGuest(room.code, guest.token);
  await Promise.all([h.synced, g.synced]);
  const messages = async () => (await api.api(`/api/rooms/${room.code}/messages`, { headers: host.auth })).body.messages as any[];
  return { host, room, guest, h, g, messages };
}
