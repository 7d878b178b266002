// Stateless messages over the room's websocket. Playback commands are requests: the server applies them.
import { z } from 'zod';

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
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export type ServerMessage =
  | { type: 'pong'; id: number; clientMs: number; serverMs: number }
  | { type: 'refused'; reason: string }
  | { type: 'skip-votes'; entryId: string; votes: number; needed: number }
  /** Something the room should be told, e.g. a track that could not be played was skipped. */
  | { type: 'note'; message: string; entryId?: string; videoId?: string };
