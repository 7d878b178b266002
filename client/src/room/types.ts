import type { Track } from '../../../shared/api/track.ts';

// What the room components show. Filled from the room document (shared/room-doc.ts) by the connection.
export type QueueEntry = Track & {
  id: string;
  addedBy: string;
  addedByName: string;
  addedAt: number;
  /** The server found no playable audio for it: it will be skipped. */
  unplayable?: boolean;
};

/** personId: the id the server writes into presence (the user's id, or a guest's member id). */
export type Member = { clientId: number; personId?: string; name: string; colour: string; isSelf: boolean; activity?: string };

export type { RoomSettings, Who as Permission } from '../../../shared/room/doc.ts';

export type AddMode = 'end' | 'next';

export type SkipVotes = { entryId: string; votes: number; needed: number };
