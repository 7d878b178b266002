// The room's playback state comes from the room document; commands are what a listener asks the server for.
export type { Playback, PlaybackStatus } from '../../../shared/room/doc.ts';

/** Requests the server applies with its own clock (rooms issue: play, pause, seek, next, previous, jump). */
export type RoomCommand =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seek'; positionMs: number }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'jump'; entryId: string }
  | { type: 'skipVote' };
