// What pages ask of "what I am listening to" (current.ts holds it): the room I am in, whether I may add
// there, adding to it, and previews on my own. Read from the current player, never mirrored.
import { untrack } from 'solid-js';
import type { Track } from '../api/types.ts';
import { current } from './current.ts';
import { preview } from './player.ts';

export type CurrentRoom = { code: string; name: string };

export const listening = {
  /** The room this tab is in, or null. */
  room: (): CurrentRoom | null => {
    const room = current()?.room;
    return room ? { code: room.code, name: room.name() } : null;
  },
  /** Whether I may add songs to it now (the server's `access`). */
  canAdd: (): boolean => !!current()?.room?.canAdd(),
  /** Adds through the room's live connection (offline-safe, judged like any edit); a note for the user, or null when not in a room or not allowed. */
  addToRoom: (tracks: Track[], mode: 'end' | 'next'): string | null => untrack(current)?.room?.addToRoom(tracks, mode) ?? null,
  /** Plays the track on my own (the room keeps its clock; "Back to the room" returns). */
  preview,
};
