// Player shortcuts: space play/pause, ←/→ seek 10 s, ↑/↓ volume, n next, p previous.
export type PlayerKey = 'toggle' | 'seekBack' | 'seekForward' | 'volumeUp' | 'volumeDown' | 'next' | 'previous';

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
    default:
      return null;
  }
}
