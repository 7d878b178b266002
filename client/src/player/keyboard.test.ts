import { describe, expect, it } from 'vitest';
import { playerKey } from './keyboard.ts';

const key = (k: string, target: EventTarget | null = document.body, mods = {}) =>
  playerKey({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, defaultPrevented: false, target, ...mods });

describe('player shortcuts', () => {
  it('maps space, arrows, n and p', () => {
    expect([' ', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'n', 'p'].map((k) => key(k))).toEqual([
      'toggle', 'seekBack', 'seekForward', 'volumeUp', 'volumeDown', 'next', 'previous',
    ]);
  });

  it('maps m to mute and ? to the list of shortcuts', () => {
    expect(key('m')).toBe('mute');
    expect(key('?', document.body, { shiftKey: true })).toBe('help');
    const input = document.body.appendChild(document.createElement('input'));
    expect(key('?', input, { shiftKey: true })).toBeNull();
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
