// The line under the add bar: what my last queue edit did (or what the room said), with Undo.
import { Show } from 'solid-js';

export function EditNote(props: { text: string; offersUndo: boolean; onUndo: () => void }) {
  let line!: HTMLSpanElement;
  let button: HTMLButtonElement | undefined;
  const undo = () => {
    const hadFocus = document.activeElement === button;
    props.onUndo();
    // The button goes with my last step: the note it leaves keeps the focus.
    if (hadFocus && !props.offersUndo) line.focus();
  };
  return (
    <>
      <span class="np-status" role="status" tabindex="-1" ref={line}>{props.text}</span>
      <Show when={props.offersUndo}>
        <button ref={button} class="btn ghost small" type="button" onClick={undo}>
          Undo
        </button>
      </Show>
    </>
  );
}
