import { MemoryRouter, Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDLE_PLAYER, type Listening, type ListeningRoom } from '../listening/current.ts';
import type { AudioController, PlayerState } from '../player/audio-controller.ts';
import { volume } from '../player/volume.ts';
import { PlayerBar } from './PlayerBar.tsx';

afterEach(cleanup);

const track = { entryId: 'e1', videoId: 'local-0123456789abcdef', title: 'Paper Boats', artist: 'Wren Hollow', durationS: 200 };

function renderBar(over: { canControl?: boolean; player?: Partial<PlayerState> } = {}) {
  const command = vi.fn();
  const onLeave = vi.fn();
  const controller = { toggleLocal: vi.fn(), rejoin: vi.fn(), tapToListen: vi.fn() } as unknown as AudioController;
  const room: ListeningRoom = {
    code: 'K7M2QX', identity: { token: null, isGuest: false, presence: { id: 'u1', name: 'Ana', colour: '' } }, name: () => 'Friday',
    online: () => true, fatal: () => null, canControl: () => over.canControl ?? true, canAdd: () => true, hasQueue: () => true, command, addToRoom: () => null,
  };
  const listening: Listening = { room, player: () => ({ ...IDLE_PLAYER, track, playing: true, positionMs: 50_000, ...over.player }), controller, dispose: () => {} };
  render(() => (
    <MemoryRouter>
      <Route path="*" component={() => <PlayerBar listening={listening} onLeave={onLeave} />} />
    </MemoryRouter>
  ));
  return { command, onLeave, controller, bar: screen.getByRole('region', { name: 'Player' }) };
}

describe('PlayerBar', () => {
  it('shows the song, pauses and skips for everyone, and leads back to the room', () => {
    const { bar, command, onLeave } = renderBar();
    expect(within(bar).getByText('Paper Boats')).toBeTruthy();
    fireEvent.click(within(bar).getByRole('button', { name: 'Pause' }));
    expect(command).toHaveBeenLastCalledWith({ type: 'pause' });
    fireEvent.click(within(bar).getByRole('button', { name: 'Next' }));
    expect(command).toHaveBeenLastCalledWith({ type: 'next' });
    expect(within(bar).getByRole('link', { name: 'Back to Friday' }).getAttribute('href')).toBe('/r/K7M2QX');
    fireEvent.click(within(bar).getByRole('button', { name: 'Leave room' }));
    expect(onLeave).toHaveBeenCalled();
  });

  it('someone who may not control sees the state only', () => {
    const { bar } = renderBar({ canControl: false, player: { playing: false } });
    expect(within(bar).queryByRole('button', { name: /^(Play|Pause|Next)$/ })).toBeNull();
    expect(within(bar).getByText('Paused')).toBeTruthy();
  });

  it('volume: a 0–100 slider and a mute toggle, the same setting as the keys', () => {
    const { bar } = renderBar();
    const slider = within(bar).getByRole('slider', { name: 'Volume' }) as HTMLInputElement;
    fireEvent.input(slider, { target: { value: '35' } });
    expect(volume.level()).toBe(35);
    volume.step(10);
    expect(slider.value).toBe('45');
    const mute = within(bar).getByRole('button', { name: 'Mute' });
    expect(mute.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(mute);
    expect([volume.muted(), mute.getAttribute('aria-pressed')]).toEqual([true, 'true']);
    fireEvent.click(mute);
  });

  it('offers one "Tap to listen" when the browser blocked the sound', () => {
    const { bar, controller } = renderBar({ player: { needsTap: true } });
    fireEvent.click(within(bar).getByRole('button', { name: 'Tap to listen' }));
    expect(controller.tapToListen).toHaveBeenCalled();
  });
});
