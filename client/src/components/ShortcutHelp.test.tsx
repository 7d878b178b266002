import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { ShortcutHelp } from './ShortcutHelp.tsx';

afterEach(cleanup);

describe('ShortcutHelp', () => {
  it('lists the shortcuts, takes the focus, and gives it back when closed', () => {
    const [open, setOpen] = createSignal(false);
    render(() => (
      <>
        <button type="button" onClick={() => setOpen(true)}>Opener</button>
        <ShortcutHelp open={open()} onClose={() => setOpen(false)} />
      </>
    ));
    const opener = screen.getByRole('button', { name: 'Opener' });
    opener.focus();
    setOpen(true);
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.textContent).toContain('Play or pause');
    expect(dialog.textContent).toContain('Mute or unmute');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(open()).toBe(false);
    expect(document.activeElement).toBe(opener);
  });
});
