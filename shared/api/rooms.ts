// Rooms over REST: request validators and response types.
import { z } from 'zod';
import type { Playback, RoomSettings } from '../room/doc.ts';
import type { Permissions, Role } from '../room/permissions.ts';

/** Room codes: 6 characters without look-alikes (no 0/O/1/I/L). */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const RoomCodeSchema = z.string().transform((s) => s.toUpperCase()).pipe(z.string().regex(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/, 'not a room code'));

const name = z.string().trim().min(1, 'name is required').max(80);
export const CreateRoomSchema = z.object({ name });

export const RoomSettingsSchema = z.object({
  whoCanEdit: z.enum(['everyone', 'members', 'host']),
  whoCanControl: z.enum(['everyone', 'members', 'host']),
  autoplay: z.boolean(),
  skipVotes: z.number().int().min(0).max(1000),
  fairShare: z.boolean(),
}).strict();
export const UpdateRoomSchema = z.object({ name: name.optional(), settings: RoomSettingsSchema.partial().optional() }).strict();
export const JoinRoomSchema = z.object({ displayName: z.string().trim().min(1).max(40).optional() }).strict();
/** Per-member overrides set by the host; null clears one back to the room-wide setting. */
export const MemberPermissionsSchema = z.object({ add: z.boolean().nullable(), manage: z.boolean().nullable(), control: z.boolean().nullable() }).partial().strict();

export type CreatedRoom = { id: string; code: string; name: string; hostId: string };
export type OnlineMember = { id: string; name: string; kind: 'user' | 'guest' };
export type NowPlaying = { entryId: string | null; videoId: string; title: string; artist: string; thumbnailUrl: string | null; durationS: number; status: Playback['status']; positionMs: number; atServerMs: number };
export type RoomDetails = CreatedRoom & {
  host: { id: string; username: string };
  memberCount: number;
  online: OnlineMember[];
  nowPlaying: NowPlaying | null;
  queueLength: number;
  settings: RoomSettings;
  createdAt: string;
  updatedAt: string;
};
export type RoomListItem = CreatedRoom & { role: Role; updatedAt: string; lastSeenAt: string };
export type RoomMemberView = { id: string; userId: string | null; displayName: string; role: Role; joinedAt: string; permissions: Permissions };
export type JoinResponse = { member: RoomMemberView; guest?: { id: string; displayName: string; token: string } };
export type QueueItem = { id: string; videoId: string; title: string; artist: string; album: string | null; thumbnailUrl: string | null; durationS: number; addedBy: string | null; addedByName: string | null; addedAt: string };
/** current: the entry playing (or paused on); upNext: what follows, in order; history: oldest first. */
export type QueueResponse = { current: QueueItem | null; upNext: QueueItem[]; history: QueueItem[] };
export type PlaybackResponse = { playback: Playback; serverMs: number };
