// The list of keyboard shortcuts, opened with `?`. A modal <dialog>: the focus stays inside, Escape or
// Close shuts it, and the focus goes back to where it was.
import { createEffect, For, Show } from 'solid-js';
import { SHORTCUTS } from '../player/keyboard.ts';

export function ShortcutHelp(props: { open: boolean; onClose: () => void }) {
  let dialog!: HTMLDialogElement;
  let closeButton!: HTMLButtonElement;
  let returnTo: HTMLElement | null = null;

  // Browsers without <dialog> methods (and jsdom) get the open attribute and a close event by hand.
  const show = () => (typeof dialog.showModal === 'function' ? dialog.showModal() : dialog.setAttribute('open', ''));
  const hide = () => {
    if (typeof dialog.close === 'function') return dialog.close();
    dialog.removeAttribute('open');
    dialog.dispatchEvent(new Event('close'));
  };
  createEffect(() => {
    if (props.open && !dialog.open) {
      returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      show();
      closeButton.focus();
    } else if (!props.open && dialog.open) {
      hide();
    }
  });
  // Escape (the dialog's cancel), the Close button and a click on the backdrop all end here.
  const onClosed = () => {
    props.onClose();
    if (returnTo?.isConnected) returnTo.focus();
    else document.getElementById('main')?.focus();
    returnTo = null;
  };

  return (
    <dialog ref={dialog} class="shortcut-help" aria-labelledby="shortcut-help-title" onClose={onClosed} onClick={(e) => e.target === dialog && hide()}>
      <div class="sh-body">
        <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
        <p class="hint">Anywhere but in a text field, while a room or a preview plays.</p>
        <dl class="shortcut-list">
          <For each={SHORTCUTS}>
            {(s) => (
              <div class="shortcut">
                <dt>
                  <For each={s.keys}>
                    {(k, i) => (
                      <>
                        <Show when={i() > 0}> or </Show>
                        <kbd>{k}</kbd>
                      </>
                    )}
                  </For>
                </dt>
                <dd>{s.does}</dd>
              </div>
            )}
          </For>
        </dl>
        <p class="hint">In Up Next: focus a song's move button, press Space, move it with ↑ and ↓, and press Space again (Escape puts it back).</p>
        <button ref={closeButton} class="btn" type="button" onClick={hide}>
          Close
        </button>
      </div>
    </dialog>
  );
}
