// Fills the pages' contract (now.ts) from the current player, and plays previews on my own: in a room the
// room's player steps aside ("Back to the room" returns); outside one a small player of its own starts.
import { createEffect, createRoot, createSignal, onCleanup, untrack } from 'solid-js';
import { streamUrl } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import { AudioController, type PlayerState } from '../player/audio-controller.ts';
import { followVolume } from '../player/volume.ts';
import { audioContainer, current, IDLE_PLAYER, switchTo } from './current.ts';
import { knownIdentity } from '../room/identity.ts';
import { session } from '../state/session.ts';

export function preview(track: Track): void {
  const entry = { ...track, entryId: `preview-${track.videoId}` };
  const now = untrack(current);
  if (now) return now.controller.detach(entry);
  createRoot((dispose) => {
    const [player, setPlayer] = createSignal<PlayerState>({ ...IDLE_PLAYER, mode: 'solo' });
    // No room: no clock to follow and nobody to send commands to.
    const controller = new AudioController({ container: audioContainer(), serverNowMs: () => Date.now(), streamUrl, onState: setPlayer, onCommand: () => {} });
    followVolume(controller);
    onCleanup(() => controller.destroy());
    switchTo({ room: null, player, controller, dispose });
    controller.detach(entry);
  });
}

/** This tab's room, kept across a reload (sessionStorage: per tab, gone with it). */
const ROOM_KEY = 'jamroom:listening';
const stored = {
  get: () => { try { return sessionStorage.getItem(ROOM_KEY); } catch { return null; } },
  set: (code: string | null) => { try { if (code) sessionStorage.setItem(ROOM_KEY, code); else sessionStorage.removeItem(ROOM_KEY); } catch { /* private mode */ } },
};

/**
 * A reload on another page than the room's picks the room up again (the room page does so itself), once
 * who I am is known. The room's code is fetched only then: a tab that was in no room loads none of it.
 */
function rejoinAfterReload(code: string) {
  if (/^\/r\//.test(location.pathname)) return;
  createEffect(() => {
    if (session.user.loading || untrack(current)) return;
    const identity = knownIdentity(code, session.user() ?? null);
    if (identity) void import('./session.ts').then(({ enterRoom }) => { if (!untrack(current)) enterRoom(code, identity); });
  });
}

/** Once, from the app shell. */
export function connectListening(): void {
  const before = stored.get();
  // Kept from the first room on (not cleared by the empty start of a reload, only by leaving).
  let started = false;
  createEffect(() => {
    const code = current()?.room?.code ?? null;
    if (code) started = true;
    if (started) stored.set(code);
  });
  if (before) rejoinAfterReload(before);
}
