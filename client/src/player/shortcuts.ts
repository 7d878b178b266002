// The player's keys on every page while something plays (keyboard.ts says which key is which); `?` opens
// the list of them anywhere. A key that does nothing here (no right to control the room) is left to the
// browser, so Space and the arrows still scroll.
import { onCleanup } from 'solid-js';
import type { Listening } from '../listening/current.ts';
import { playerKey, SEEK_STEP_MS } from './keyboard.ts';
import { volume, VOLUME_STEP } from './volume.ts';

export type ShortcutOptions = { current: () => Listening | null; openHelp: () => void; helpOpen: () => boolean };

/** What a key does to the player; false when it does nothing. */
function act(key: ReturnType<typeof playerKey>, l: Listening): boolean {
  const p = l.player();
  const solo = p.mode === 'solo';
  const room = solo ? null : l.room;
  const control = solo || !!room?.canControl();
  switch (key) {
    case 'volumeUp':
    case 'volumeDown':
      volume.step(key === 'volumeUp' ? VOLUME_STEP : -VOLUME_STEP);
      return true;
    case 'mute':
      volume.toggleMute();
      return true;
    case 'toggle':
      if (!control) return false;
      if (room) room.command({ type: p.playing ? 'pause' : 'play' });
      else l.controller.toggleLocal();
      return true;
    case 'seekBack':
    case 'seekForward': {
      if (!control || !p.track) return false;
      const to = Math.max(0, p.positionMs + (key === 'seekBack' ? -SEEK_STEP_MS : SEEK_STEP_MS));
      if (room) room.command({ type: 'seek', positionMs: to });
      else l.controller.seekLocal(to);
      return true;
    }
    case 'next':
    case 'previous':
      if (!room?.canControl()) return false;
      room.command({ type: key });
      return true;
    default:
      return false;
  }
}

export function usePlayerShortcuts(opts: ShortcutOptions): void {
  const onKey = (e: KeyboardEvent) => {
    if (opts.helpOpen()) return;
    const key = playerKey(e);
    if (!key) return;
    if (key === 'help') {
      e.preventDefault();
      return opts.openHelp();
    }
    const l = opts.current();
    if (l && act(key, l)) e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));
}
