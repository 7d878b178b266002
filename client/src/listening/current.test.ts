import { describe, expect, it, vi } from 'vitest';
import type { AudioController } from '../player/audio-controller.ts';
import { current, IDLE_PLAYER, playerNote, stopListening, switchTo, type Listening, type ListeningRoom } from './current.ts';

const player = (name: string | null): Listening => ({
  room: name ? ({ code: 'K7M2QX', name: () => name } as unknown as ListeningRoom) : null,
  player: () => IDLE_PLAYER,
  controller: {} as AudioController,
  dispose: vi.fn(),
});

describe('the tab\'s one player', () => {
  it('a new player stops the old one; leaving stops it and says so', () => {
    const friday = player('Friday');
    const den = player('Den');
    switchTo(friday);
    switchTo(den);
    expect(friday.dispose).toHaveBeenCalledOnce();
    expect(current()).toBe(den);
    stopListening();
    expect(den.dispose).toHaveBeenCalledOnce();
    expect(current()).toBeNull();
    expect(playerNote()).toBe('You left Den.');
  });

  it('the same player again is kept', () => {
    const preview = player(null);
    switchTo(preview);
    switchTo(preview);
    expect(preview.dispose).not.toHaveBeenCalled();
    switchTo(null);
  });
});
