import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlayerState } from '../player/audio-controller.ts';
import { NowPlaying } from './NowPlaying.tsx';

afterEach(cleanup);

const track = { entryId: 'e1', videoId: 'local-0123456789abcdef', title: 'Slow Orbit', artist: 'Moth & Meridian', durationS: 30 };
const state = (over: Partial<PlayerState> = {}): PlayerState => ({ mode: 'room', needsTap: false, buffering: false, error: null, playing: true, positionMs: 12_000, track, ...over });

function renderPlayer(player: PlayerState, canControl: boolean) {
  const handlers = { onCommand: vi.fn(), onTapToListen: vi.fn(), onDetach: vi.fn(), onRejoin: vi.fn(), onLocalToggle: vi.fn(), onLocalSeek: vi.fn() };
  render(() => <NowPlaying player={player} canControl={canControl} {...handlers} />);
  return handlers;
}

describe('NowPlaying', () => {
  it('a controller seeks the room when the progress bar is released, and pauses it', () => {
    const h = renderPlayer(state(), true);
    const bar = screen.getByRole('slider', { name: 'Position in track' });
    fireEvent.input(bar, { target: { value: '20000' } });
    fireEvent.change(bar, { target: { value: '20000' } });
    expect(h.onCommand).toHaveBeenCalledWith({ type: 'seek', positionMs: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(h.onCommand).toHaveBeenCalledWith({ type: 'pause' });
  });

  it('someone who may not control sees the position but cannot drag it or skip', () => {
    renderPlayer(state(), false);
    expect((screen.getByRole('slider', { name: 'Position in track' }) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('listening on my own controls only this tab, and offers the way back', () => {
    const h = renderPlayer(state({ mode: 'solo', playing: false }), false);
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(h.onLocalToggle).toHaveBeenCalled();
    expect(h.onCommand).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Back to the room' }));
    expect(h.onRejoin).toHaveBeenCalled();
  });

  it('shows one "Tap to listen" when autoplay is blocked, and a failed stream in words', () => {
    const h = renderPlayer(state({ needsTap: true, error: 'This track cannot be played right now. The room keeps going.' }), true);
    expect(screen.getAllByRole('button', { name: 'Tap to listen' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Tap to listen' }));
    expect(h.onTapToListen).toHaveBeenCalled();
    expect(screen.getByText(/cannot be played right now/)).toBeTruthy();
  });
});
