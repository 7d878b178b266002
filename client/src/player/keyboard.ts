// Player shortcuts: space play/pause, ←/→ seek 10 s, ↑/↓ volume, m mute, n next, p previous, ? the list.
export type PlayerKey = 'toggle' | 'seekBack' | 'seekForward' | 'volumeUp' | 'volumeDown' | 'mute' | 'next' | 'previous' | 'help';

const SEEK_STEP_MS = 10_000;
export { SEEK_STEP_MS };

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'target' | 'defaultPrevented'>;

/** Keys typed into a field, or pressed on a control that already handles them, are not shortcuts. */
function ownsKeys(target: EventTarget | null, key: string): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  if (el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="listbox"], [role="slider"], [data-owns-keys]')) return true;
  // Space and Enter activate buttons and links.
  return key === ' ' && !!el.closest('button, a, [role="button"]');
}

export function playerKey(e: KeyEventLike): PlayerKey | null {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return null;
  if (ownsKeys(e.target, e.key)) return null;
  switch (e.key) {
    case ' ':
      return 'toggle';
    case 'ArrowLeft':
      return 'seekBack';
    case 'ArrowRight':
      return 'seekForward';
    case 'ArrowUp':
      return 'volumeUp';
    case 'ArrowDown':
      return 'volumeDown';
    case 'n':
    case 'N':
      return 'next';
    case 'p':
    case 'P':
      return 'previous';
    case 'm':
    case 'M':
      return 'mute';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** The shortcuts in words, for the help dialog (ShortcutHelp.tsx); `keys` are alternatives. */
export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ['Space'], does: 'Play or pause' },
  { keys: ['←', '→'], does: `Back or forward ${SEEK_STEP_MS / 1000} seconds` },
  { keys: ['↑', '↓'], does: 'Volume up or down' },
  { keys: ['M'], does: 'Mute or unmute' },
  { keys: ['N'], does: 'Next song' },
  { keys: ['P'], does: 'Previous song' },
  { keys: ['Ctrl+Z', '⌘+Z'], does: 'Undo your last change to the queue (on the room page)' },
  { keys: ['?'], does: 'Show these shortcuts' },
];
