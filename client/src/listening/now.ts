// What this tab is listening to, app-wide: at most one room (its connection and audio live here, not in a
// page, so browsing keeps it playing) and previews on my own. Pages read and call this; nothing else holds
// "the room I am in".
//
// CONTRACT (the app-level player fills it in; pages code against these names):
//   room()          the room this tab is in ({ code, name }) or null
//   canAdd()        whether I may add songs to it now (the server's `access`)
//   addToRoom(tracks, mode)  adds through the room's live connection (offline-safe, judged like any edit);
//                   returns a note for the user ("Added X to Friday.") or null when not in a room / not allowed
//   preview(track)  plays the track on my own (the room keeps its clock; "Back to the room" returns)
import { createSignal } from 'solid-js';
import type { Track } from '../api/types.ts';

export type CurrentRoom = { code: string; name: string };

const [room, setRoom] = createSignal<CurrentRoom | null>(null);
const [canAdd, setCanAdd] = createSignal(false);

type Player = { addToRoom: (tracks: Track[], mode: 'end' | 'next') => string | null; preview: (track: Track) => void };
let player: Player | null = null;

export const listening = {
  room,
  canAdd,
  addToRoom: (tracks: Track[], mode: 'end' | 'next'): string | null => player?.addToRoom(tracks, mode) ?? null,
  preview: (track: Track) => player?.preview(track),
};

/** For the app-level player only: what it is playing and how to reach it. */
export const listeningControl = { setRoom, setCanAdd, attach: (p: Player | null) => (player = p) };
