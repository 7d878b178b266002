// The one player of this tab: a room I am in (session.ts) or a preview on my own (preview.ts). It lives
// at app level, with its <audio> elements in the app's container, so changing page keeps it playing.
// This module stays small (no Yjs): the shell, the player bar and the shortcuts read it on every page.
import { createSignal, untrack, type Accessor } from 'solid-js';
import type { Track } from '../api/types.ts';
import type { AudioController, PlayerState } from '../player/audio-controller.ts';
import type { RoomCommand } from '../player/types.ts';
import type { RoomIdentity } from '../room/identity.ts';

/** What the app shell needs of the room being listened to. */
export type ListeningRoom = {
  code: string;
  identity: RoomIdentity;
  name: Accessor<string>;
  online: Accessor<boolean>;
  /** Why the room ended for this tab (removed, room closed…), or null. */
  fatal: Accessor<string | null>;
  /** May play, pause and skip for everyone (the `control` permission). */
  canControl: Accessor<boolean>;
  canAdd: Accessor<boolean>;
  hasQueue: Accessor<boolean>;
  command: (command: RoomCommand) => void;
  addToRoom: (tracks: Track[], mode: 'end' | 'next') => string | null;
};

export type Listening = {
  /** null: a preview on my own, outside any room. */
  room: ListeningRoom | null;
  player: Accessor<PlayerState>;
  controller: AudioController;
  /** Stops the audio and closes the room's connection. */
  dispose: () => void;
};

export const IDLE_PLAYER: PlayerState = { mode: 'room', needsTap: false, buffering: false, error: null, playing: false, positionMs: 0, track: null };

const [current, setCurrent] = createSignal<Listening | null>(null);
/** A sentence for screen readers about the player itself ("You left Friday."). */
const [playerNote, setPlayerNote] = createSignal('');
export { current, playerNote };

/** Makes `next` the tab's player; the previous one (another room, a preview) is stopped. */
export function switchTo(next: Listening | null): void {
  const old = untrack(current);
  if (old === next) return;
  setCurrent(next);
  old?.dispose();
  setPlayerNote('');
}

/** "Leave room" (or stop the preview): nothing plays any more. */
export function stopListening(): void {
  const room = untrack(current)?.room;
  switchTo(null);
  if (room) setPlayerNote(`You left ${room.name()}.`);
}

let container: HTMLElement | null = null;

/** The shell's hidden box for <audio> elements: outside every page, so they outlive a page change. */
export function setAudioContainer(el: HTMLElement): void {
  container = el;
}

export function audioContainer(): HTMLElement {
  if (!container) {
    container = document.createElement('div');
    container.className = 'audio-box';
    document.body.append(container);
  }
  return container;
}
