// The listening volume of this device (0–100) and mute, remembered in localStorage and applied to whichever
// player is current. The slider, the mute button and the ↑/↓/m keys all go through here, so they agree.
import { createEffect, createSignal } from 'solid-js';

export const VOLUME_KEY = 'jamroom:volume';
export const VOLUME_STEP = 10;
const DEFAULT_LEVEL = 100;

export type VolumeSetting = { level: number; muted: boolean };

const clamp = (level: number) => Math.max(0, Math.min(100, Math.round(level)));

/** What this device remembers; a bare number (0–100) is read too. */
export function readVolume(raw: string | null): VolumeSetting {
  try {
    const value: unknown = raw === null ? null : JSON.parse(raw);
    if (typeof value === 'number' && Number.isFinite(value)) return { level: clamp(value), muted: false };
    if (value && typeof value === 'object') {
      const { level, muted } = value as Partial<VolumeSetting>;
      return { level: typeof level === 'number' && Number.isFinite(level) ? clamp(level) : DEFAULT_LEVEL, muted: muted === true };
    }
  } catch {
    // unreadable: the default
  }
  return { level: DEFAULT_LEVEL, muted: false };
}

function stored(): string | null {
  try {
    return localStorage.getItem(VOLUME_KEY);
  } catch {
    return null;
  }
}

const [setting, setSetting] = createSignal<VolumeSetting>(readVolume(stored()));

function save(next: VolumeSetting) {
  setSetting(next);
  try {
    localStorage.setItem(VOLUME_KEY, JSON.stringify(next));
  } catch {
    // Private mode or full storage: the volume holds for this visit.
  }
}

export const volume = {
  /** 0–100. */
  level: () => setting().level,
  muted: () => setting().muted,
  /** Setting a level above 0 unmutes: the listener wants to hear it. */
  set: (level: number) => save({ level: clamp(level), muted: setting().muted && clamp(level) === 0 }),
  step: (delta: number) => volume.set(setting().level + delta),
  toggleMute: () => save({ ...setting(), muted: !setting().muted }),
};

/** Keeps a player at this device's volume for as long as the calling scope lives. */
export function followVolume(player: { setVolume: (v: number) => void; setMuted: (m: boolean) => void }): void {
  createEffect(() => {
    player.setVolume(volume.level() / 100);
    player.setMuted(volume.muted());
  });
}

// Another tab of this device changed it: follow (the setting is per device).
if (typeof window !== 'undefined') window.addEventListener('storage', (e) => e.key === VOLUME_KEY && setSetting(readVolume(e.newValue)));
