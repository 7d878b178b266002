import { createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDLE_PLAYER, type Listening, type ListeningRoom } from '../listening/current.ts';
import type { AudioController, PlayerState } from './audio-controller.ts';
import { usePlayerShortcuts } from './shortcuts.ts';
import { volume } from './volume.ts';

const track = { entryId: 'e1', videoId: 'local-0123456789abcdef', title: 'Slow Orbit', artist: 'Moth', durationS: 200 };

function setup(over: { canControl?: boolean; player?: Partial<PlayerState>; room?: boolean } = {}) {
  const command = vi.fn();
  const controller = { toggleLocal: vi.fn(), seekLocal: vi.fn() } as unknown as AudioController;
  const room = { code: 'K7M2QX', canControl: () => over.canControl ?? true, command } as unknown as ListeningRoom;
  const listening: Listening = { room: over.room === false ? null : room, player: () => ({ ...IDLE_PLAYER, track, playing: true, positionMs: 30_000, ...over.player }), controller, dispose: () => {} };
  const [helpOpen, setHelpOpen] = createSignal(false);
  const dispose = createRoot((d) => (usePlayerShortcuts({ current: () => listening, helpOpen, openHelp: () => setHelpOpen(true) }), d));
  const press = (key: string, target: EventTarget = document.body, init: KeyboardEventInit = {}) => {
    const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    target.dispatchEvent(e);
    return e.defaultPrevented;
  };
  return { command, controller, press, helpOpen, dispose };
}

let dispose = () => {};
afterEach(() => (dispose(), (document.body.innerHTML = '')));

describe('player shortcuts on every page', () => {
  it('space pauses the room, arrows seek it, n skips', () => {
    const s = setup();
    dispose = s.dispose;
    expect(s.press(' ')).toBe(true);
    expect(s.command).toHaveBeenLastCalledWith({ type: 'pause' });
    s.press('ArrowLeft');
    expect(s.command).toHaveBeenLastCalledWith({ type: 'seek', positionMs: 20_000 });
    s.press('n');
    expect(s.command).toHaveBeenLastCalledWith({ type: 'next' });
  });

  it('without the right to control, space is left to the page (it scrolls) but the volume still moves', () => {
    const s = setup({ canControl: false });
    dispose = s.dispose;
    const before = volume.level();
    expect(s.press(' ')).toBe(false);
    expect(s.command).not.toHaveBeenCalled();
    expect(s.press('ArrowDown')).toBe(true);
    expect(volume.level()).toBe(Math.max(0, before - 10));
  });

  it('a preview on my own is played and paused here', () => {
    const s = setup({ room: false, player: { mode: 'solo' } });
    dispose = s.dispose;
    s.press(' ');
    expect(s.controller.toggleLocal).toHaveBeenCalled();
  });

  it('? opens the list of shortcuts; nothing happens while typing', () => {
    const s = setup();
    dispose = s.dispose;
    const field = document.body.appendChild(document.createElement('input'));
    expect(s.press(' ', field)).toBe(false);
    expect(s.press('?', field, { shiftKey: true })).toBe(false);
    expect(s.helpOpen()).toBe(false);
    s.press('?', document.body, { shiftKey: true });
    expect(s.helpOpen()).toBe(true);
    expect(s.command).not.toHaveBeenCalled();
  });
});
