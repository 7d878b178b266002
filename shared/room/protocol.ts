// Stateless messages over the room's websocket. Playback commands are requests: the server applies them.
import { z } from 'zod';
import type { ChatMessage, Reaction } from '../api/rooms.ts';
import type { Permissions, Role } from './permissions.ts';

export const PlaybackCommandSchema = z.object({
  action: z.enum(['play', 'pause', 'seek', 'next', 'previous', 'jump']),
  positionMs: z.number().int().min(0).max(24 * 3600 * 1000).optional(),
  /** next: the entry being skipped (so simultaneous presses skip once); jump: the entry to play. */
  entryId: z.string().max(64).optional(),
}).refine((c) => c.action !== 'seek' || c.positionMs !== undefined, { message: 'seek needs positionMs', path: ['positionMs'] })
  .refine((c) => c.action !== 'jump' || c.entryId !== undefined, { message: 'jump needs entryId', path: ['entryId'] });
export type PlaybackCommand = z.infer<typeof PlaybackCommandSchema>;

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), id: z.number(), clientMs: z.number() }),
  z.object({ type: z.literal('playback'), command: PlaybackCommandSchema }),
  z.object({ type: z.literal('vote-skip'), entryId: z.string().max(64) }),
  /** A chat message; clientId (the sender's own id for it) comes back in `chat` or `chat-refused`. */
  z.object({ type: z.literal('chat'), text: z.string(), clientId: z.string().max(64) }),
  /** The host deletes a message. */
  z.object({ type: z.literal('chat-delete'), id: z.string().max(64) }),
  /** A reaction on the playing track (one of REACTIONS). */
  z.object({ type: z.literal('react'), emoji: z.string().max(16) }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** One change of the sender's that the server undid (shared/room authority: accept, then compensate). */
export type UndoneChange = { action: 'add' | 'remove' | 'move' | 'edit' | 'server'; entryId?: string; title?: string };

export type ServerMessage =
  | { type: 'pong'; id: number; clientMs: number; serverMs: number }
  | { type: 'refused'; reason: string }
  | { type: 'skip-votes'; entryId: string; votes: number; needed: number }
  /** Something the room should be told, e.g. a track that could not be played was skipped. */
  | { type: 'note'; message: string; entryId?: string; videoId?: string }
  /** What this connection may do now: sent after connecting and whenever the host changes it. */
  | { type: 'access'; role: Role; permissions: Permissions }
  /** Parts of this connection's last update that the server reverted, and why, in words. */
  | { type: 'undone'; message: string; changes: UndoneChange[] }
  /** A new chat message (to everyone in the room, the sender included; clientId only to the sender). */
  | { type: 'chat'; message: ChatMessage; clientId?: string }
  | { type: 'chat-deleted'; id: string }
  /** The sender's message was not posted (muted, too fast, too long, empty), in words. */
  | { type: 'chat-refused'; clientId: string; reason: string }
  | { type: 'reaction'; emoji: Reaction; by: { id: string; name: string }; entryId: string | null }
  /** The host removed this member from the room: their sockets close with CloseCode.removed. */
  | { type: 'member-removed'; memberId: string };
