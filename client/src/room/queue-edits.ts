// The room page's queue edits with the note that follows each ("Added X.", "Moved X.", "Removed X."), and
// undo of my own edits: the note's Undo button, and Ctrl+Z / Cmd+Z outside a text field (where it undoes
// typing). The player's shortcuts (player/keyboard.ts) take no modifier keys, so the two never meet.
import { createSignal, onCleanup } from 'solid-js';
import type { Track } from '../api/types.ts';
import type { RoomConnection } from './connection.ts';
import type { AddMode } from './types.ts';

const NOT_TEXT = ['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file'];

export function isUndoKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'z') return false;
  const el = e.target as HTMLElement | null;
  const textInput = el instanceof HTMLInputElement && !NOT_TEXT.includes(el.type);
  return !(textInput || el instanceof HTMLTextAreaElement || el?.isContentEditable);
}

export function createQueueEdits(conn: RoomConnection, canAdd: () => boolean) {
  const [note, setNote] = createSignal('');
  /** The note tells of my last queue edit (or an undo of one): it offers Undo. */
  const [aboutEdit, setAboutEdit] = createSignal(false);
  const say = (text: string, offersUndo = false) => {
    setNote(text);
    setAboutEdit(offersUndo);
  };
  const titleIn = (entryId: string) => conn.room().upNext.find((e) => e.id === entryId)?.title ?? 'the song';
  const edited = (text: string) => {
    conn.clearNotice();
    say(text, true);
  };

  const undo = () => {
    const sentence = conn.undo();
    if (sentence) edited(sentence);
  };
  const onKey = (e: KeyboardEvent) => {
    if (!isUndoKey(e) || !conn.canUndo()) return;
    e.preventDefault();
    undo();
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));

  return {
    /** The server's word first (it undid something, say), else mine. */
    note: () => conn.notice() ?? note(),
    offersUndo: () => aboutEdit() && !conn.notice() && conn.canUndo(),
    say,
    add(tracks: Track[], mode: AddMode) {
      if (!canAdd()) return say('You cannot add songs in this room.');
      conn.add(tracks, mode);
      edited(tracks.length === 1 ? `Added ${tracks[0].title}.` : `Added ${tracks.length} songs.`);
    },
    move(entryId: string, toIndex: number) {
      const title = titleIn(entryId);
      if (conn.move(entryId, toIndex)) edited(`Moved ${title}.`);
    },
    remove(entryId: string) {
      const title = titleIn(entryId);
      if (conn.remove(entryId)) edited(`Removed ${title}.`);
    },
    undo,
  };
}
