// Rooms over REST: request validators and response types.
import { z } from 'zod';
import type { Playback, QueueEntry, RoomSettings } from '../room/doc.ts';
import type { Permissions, Role } from '../room/permissions.ts';
import { MAX_TRACKS_PER_ADD, PlaylistNameSchema, type PlaylistSummary } from './library.ts';
import { TrackSchema } from './track.ts';

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
export const MemberPermissionsSchema = z.object({ add: z.boolean().nullable(), manage: z.boolean().nullable(), control: z.boolean().nullable(), chat: z.boolean().nullable() }).partial().strict();

/** POST /rooms/:code/queue: tracks in order; position 'end' (the adder's turn with fairShare), 'next', or an index in Up Next. */
export const AddToQueueSchema = z.object({
  tracks: z.array(TrackSchema).min(1).max(MAX_TRACKS_PER_ADD),
  position: z.union([z.enum(['end', 'next']), z.object({ index: z.number().int().min(0) }).strict()]).default('end'),
}).strict();
/** POST /rooms/:code/queue/playlist: a whole playlist (mine, or anyone's public one). */
export const AddPlaylistToQueueSchema = z.object({ playlistId: z.uuid(), position: z.enum(['end', 'next']).default('end') }).strict();
/** POST /rooms/:code/playlists: the room's History or Up Next saved as a new playlist of mine. */
export const SaveRoomPlaylistSchema = z.object({ name: PlaylistNameSchema, from: z.enum(['history', 'upNext']), isPublic: z.boolean().default(false) }).strict();
export type AddToQueueResponse = { entries: QueueEntry[] };
export type SaveRoomPlaylistResponse = { playlist: PlaylistSummary };

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
/** GET /rooms/:code/members (any member of the room): everyone who joined, the host first, then by name; online: has a socket open on some node. */
export type MembersResponse = { members: Array<RoomMemberView & { online: boolean; overrides: Partial<Permissions> }> };

/**
 * Room chat: a message as everyone sees it. The author comes from the sender's connection, never from the
 * client: id is the user's id or the guest's member id (as in presence); memberId is null once the host
 * removed that member (the message stays, under the name it was sent with).
 */
export type ChatMessage = { id: string; text: string; author: { memberId: string | null; id: string; name: string; kind: 'user' | 'guest' }; createdAt: string };
/** GET /rooms/:code/messages (any member of the room): the most recent messages, oldest first. */
export type ChatHistoryResponse = { messages: ChatMessage[] };
export const CHAT_MAX_CHARS = 500;
/** Messages a room keeps (older ones are deleted as new ones arrive). */
export const CHAT_KEEP = 200;
/** Messages a client is given on GET /messages. */
export const CHAT_HISTORY = 100;
/** Reactions anyone may send on the playing track. */
export const REACTIONS = ['🔥', '❤️', '😂', '👏', '🎉', '😮'] as const;
export type Reaction = (typeof REACTIONS)[number];
export type JoinResponse = { member: RoomMemberView; guest?: { id: string; displayName: string; token: string } };
export type QueueItem = { id: string; videoId: string; title: string; artist: string; album: string | null; thumbnailUrl: string | null; durationS: number; addedBy: string | null; addedByName: string | null; addedAt: string; playedAt: string | null };
/** current: the entry playing (or paused on); upNext: what follows, in order; history: oldest first. */
export type QueueResponse = { current: QueueItem | null; upNext: QueueItem[]; history: QueueItem[] };
export type PlaybackResponse = { playback: Playback; serverMs: number };
