import { describe, expect, it } from 'vitest';
import { playerKey } from './keyboard.ts';
import { ServerClock } from './clock.ts';

const key = (k: string, target: EventTarget | null = document.body, mods = {}) =>
  playerKey({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, defaultPrevented: false, target, ...mods });

describe('player shortcuts', () => {
  it('maps space, arrows, n and p', () => {
    expect([' ', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'n', 'p'].map((k) => key(k))).toEqual([
      'toggle', 'seekBack', 'seekForward', 'volumeUp', 'volumeDown', 'next', 'previous',
    ]);
  });

  it('leaves typing, buttons and modified keys alone', () => {
    const input = document.createElement('input');
    const button = document.createElement('button');
    document.body.append(input, button);
    expect(key('n', input)).toBeNull();
    expect(key(' ', button)).toBeNull();
    expect(key('n', button)).toBe('next');
    expect(key('n', document.body, { ctrlKey: true })).toBeNull();
  });
});

describe('server clock', () => {
  it('trusts the samples with the shortest round trip', () => {
    const clock = new ServerClock(() => 0);
    clock.add({ sentAtMs: 0, serverMs: 1000 + 5, receivedAtMs: 10 }); // offset 1000, rtt 10
    clock.add({ sentAtMs: 100, serverMs: 1100 + 400, receivedAtMs: 500 }); // slow, skewed
    clock.add({ sentAtMs: 200, serverMs: 1200 + 6, receivedAtMs: 212 }); // offset 1000
    expect(Math.abs(clock.offsetMs - 1000)).toBeLessThan(2);
    expect(clock.nowMs()).toBeCloseTo(clock.offsetMs);
  });
});
