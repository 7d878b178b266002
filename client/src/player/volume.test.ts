import { createRoot } from 'solid-js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readVolume, VOLUME_KEY } from './volume.ts';

const fresh = async () => {
  vi.resetModules();
  return (await import('./volume.ts')).volume;
};

beforeEach(() => localStorage.clear());

describe('volume', () => {
  it('reads what the device remembers, and survives anything else', () => {
    expect(readVolume('{"level":40,"muted":true}')).toEqual({ level: 40, muted: true });
    expect(readVolume('55')).toEqual({ level: 55, muted: false });
    expect(readVolume('250')).toEqual({ level: 100, muted: false });
    expect(readVolume('not json')).toEqual({ level: 100, muted: false });
    expect(readVolume(null)).toEqual({ level: 100, muted: false });
  });

  it('remembers the level and mute per device and restores them on load', async () => {
    const volume = await fresh();
    volume.set(40);
    volume.step(-10);
    volume.toggleMute();
    expect(JSON.parse(localStorage.getItem(VOLUME_KEY)!)).toEqual({ level: 30, muted: true });
    const again = await fresh();
    expect([again.level(), again.muted()]).toEqual([30, true]);
  });

  it('turning it up unmutes; the steps stop at 0 and 100', async () => {
    const volume = await fresh();
    volume.toggleMute();
    volume.step(10);
    expect([volume.level(), volume.muted()]).toEqual([100, false]);
    for (let i = 0; i < 12; i++) volume.step(-10);
    expect(volume.level()).toBe(0);
  });

  it('a player follows it', async () => {
    vi.resetModules();
    const mod = await import('./volume.ts');
    const player = { setVolume: vi.fn(), setMuted: vi.fn() };
    const dispose = createRoot((d) => (mod.followVolume(player), d));
    mod.volume.set(60);
    expect(player.setVolume).toHaveBeenLastCalledWith(0.6);
    mod.volume.toggleMute();
    expect(player.setMuted).toHaveBeenLastCalledWith(true);
    dispose();
  });
});
