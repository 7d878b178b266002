// The room's playback state as the client reads it from the room document (rooms issue).
export type PlaybackStatus = 'playing' | 'paused';

export type Playback = {
  entryId: string | null;
  status: PlaybackStatus;
  positionMs: number;
  atServerMs: number;
  updatedBy?: string;
};

/** Requests the server applies with its own clock (rooms issue: play, pause, seek, next, previous, jump). */
export type RoomCommand =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seek'; positionMs: number }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'jump'; entryId: string }
  | { type: 'skipVote' };
