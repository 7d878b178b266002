// The room's "Add songs" button, the note of my last queue edit, and the search panel it opens. Escape in
// the panel (or on the button) closes it and puts the focus back on the button; an open list of
// suggestions closes first.
import { createSignal, onCleanup, Show } from 'solid-js';
import { catalog } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import { EditNote } from '../components/EditNote.tsx';
import { SearchPanel } from '../components/SearchPanel.tsx';
import type { AddMode } from './types.ts';

export type AddSongsProps = {
  canAdd: boolean;
  note: string;
  offersUndo: boolean;
  onUndo: () => void;
  onAdd: (tracks: Track[], mode: AddMode) => void;
  onPreview: (track: Track) => void;
};

export function AddSongs(props: AddSongsProps) {
  const [open, setOpen] = createSignal(false);
  let toggle: HTMLButtonElement | undefined;
  const close = () => {
    setOpen(false);
    toggle?.focus();
  };
  const onEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented || !open()) return;
    // Runs before the panel's own handlers (capture): the combobox closes its open suggestions first.
    if ((e.target as HTMLElement).getAttribute?.('aria-expanded') === 'true' && e.target !== toggle) return;
    e.preventDefault();
    close();
  };
  const listen = (el: HTMLElement) => {
    el.addEventListener('keydown', onEscape, true);
    onCleanup(() => el.removeEventListener('keydown', onEscape, true));
  };

  return (
    <>
      <div class="add-bar">
        <Show when={props.canAdd || open()}>
          <button ref={toggle} class="btn primary" type="button" aria-expanded={open()} aria-controls="room-search" onClick={() => setOpen(!open())} onKeyDown={onEscape}>
            {open() ? 'Close search' : 'Add songs'}
          </button>
        </Show>
        <EditNote text={props.note} offersUndo={props.offersUndo} onUndo={props.onUndo} />
      </div>
      <Show when={open()}>
        <section id="room-search" class="panel" aria-label="Add songs" ref={listen}>
          <SearchPanel
            idPrefix="room-search"
            search={(q, f, signal) => catalog.search(q, f, signal)}
            suggest={(q, signal) => catalog.suggestions(q, signal)}
            openCollection={(id, signal) => catalog.collection(id, signal)}
            onAddAll={props.canAdd ? (tracks) => props.onAdd(tracks, 'end') : undefined}
            onAdd={props.canAdd ? (t) => props.onAdd([t], 'end') : undefined}
            onPlayNext={props.canAdd ? (t) => props.onAdd([t], 'next') : undefined}
            onPreview={props.onPreview}
          />
        </section>
      </Show>
    </>
  );
}
