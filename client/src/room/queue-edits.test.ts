import { createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RoomConnection } from './connection.ts';
import { createQueueEdits } from './queue-edits.ts';

const song = { videoId: 'neon-drift0', title: 'Neon Drift', artist: 'A', durationS: 100 };

function setup() {
  const [canUndo, setCanUndo] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(null);
  const conn = {
    notice,
    canUndo,
    clearNotice: () => setNotice(null),
    room: () => ({ upNext: [{ id: 'e1', title: 'Neon Drift' }] }),
    add: vi.fn(() => setCanUndo(true)),
    move: vi.fn(() => true),
    remove: vi.fn(() => true),
    undo: vi.fn(() => (setCanUndo(false), 'Undid adding Neon Drift.')),
  };
  let dispose!: () => void;
  const edits = createRoot((d) => ((dispose = d), createQueueEdits(conn as unknown as RoomConnection, () => true)));
  return { conn, edits, setNotice, dispose };
}

const pressUndo = (target: EventTarget, init: KeyboardEventInit = { key: 'z', ctrlKey: true }) => target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));

afterEach(() => (document.body.innerHTML = ''));

describe('createQueueEdits', () => {
  it('tells of each edit with Undo, and the room\'s word goes first', () => {
    const { edits, conn, setNotice, dispose } = setup();
    edits.add([song], 'end');
    expect([edits.note(), edits.offersUndo()]).toEqual(['Added Neon Drift.', true]);
    edits.move('e1', 2);
    expect(edits.note()).toBe('Moved Neon Drift.');
    edits.remove('e1');
    expect(edits.note()).toBe('Removed Neon Drift.');
    setNotice("You can only move or remove songs you added: your 'Neon Drift' was put back.");
    expect([edits.note(), edits.offersUndo()]).toEqual(["You can only move or remove songs you added: your 'Neon Drift' was put back.", false]);
    edits.undo();
    expect(conn.undo).toHaveBeenCalledOnce();
    expect([edits.note(), edits.offersUndo()]).toEqual(['Undid adding Neon Drift.', false]);
    dispose();
  });

  it('undoes on Ctrl+Z or Cmd+Z, but not while typing in a field', () => {
    const { edits, conn, dispose } = setup();
    edits.add([song], 'end');
    const field = document.body.appendChild(document.createElement('input'));
    pressUndo(field);
    expect(conn.undo).not.toHaveBeenCalled();
    const box = document.body.appendChild(Object.assign(document.createElement('input'), { type: 'checkbox' }));
    pressUndo(box, { key: 'z', metaKey: true });
    expect(conn.undo).toHaveBeenCalledOnce();
    pressUndo(document.body); // nothing left to undo: the browser keeps the key
    expect(conn.undo).toHaveBeenCalledOnce();
    dispose();
    edits.add([song], 'end');
    pressUndo(document.body);
    expect(conn.undo).toHaveBeenCalledOnce(); // the page is gone: its shortcut too
  });
});
