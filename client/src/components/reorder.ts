// Drag-to-reorder for a list of ids by pointer (mouse and touch) and keyboard. The list shows a preview
// order while dragging; one onMove(id, toIndex) is emitted on drop, toIndex being the entry's index after
// the move. Keyboard: Space/Enter grabs, ↑/↓ move, Space/Enter drops, Escape cancels. After a keyboard
// drop the focus stays on the moved row's handle, also when the list re-renders the row (now, or when the
// move comes back from the server).
import { createEffect, createSignal, on } from 'solid-js';

/** How long after a drop a re-rendered row gets the focus back. */
const KEEP_FOCUS_MS = 3000;

export type ReorderOptions = {
  ids: () => string[];
  onMove: (id: string, toIndex: number) => void;
  label: (id: string) => string;
  announce: (message: string) => void;
  focusHandle: (id: string) => void;
};

export function createReorder(opts: ReorderOptions) {
  const [grabbed, setGrabbed] = createSignal<string | null>(null);
  const [preview, setPreview] = createSignal<string[]>([]);
  let pointer: { id: string; startY: number; startIndex: number; rowPx: number; pointerId: number } | null = null;
  let keepFocus: { id: string; untilMs: number } | null = null;

  /** The dropped row's handle lost the focus to the page (its row was moved in the DOM): give it back. */
  const refocus = () => {
    if (!keepFocus || performance.now() > keepFocus.untilMs) return void (keepFocus = null);
    const active = document.activeElement;
    if (active && active !== document.body) {
      // Still on a handle (the moved one, say) or moved on by the user: nothing to give back.
      if (!active.closest?.('.handle')) keepFocus = null;
      return;
    }
    opts.focusHandle(keepFocus.id);
  };
  createEffect(on(opts.ids, () => queueMicrotask(refocus), { defer: true }));

  /** The order to show: the preview while dragging (kept in step with remote changes), else the real one. */
  const order = () => {
    const live = opts.ids();
    if (!grabbed()) return live;
    const present = new Set(live);
    const kept = preview().filter((id) => present.has(id));
    const seen = new Set(kept);
    return [...kept, ...live.filter((id) => !seen.has(id))];
  };

  const start = (id: string) => {
    setPreview(opts.ids());
    setGrabbed(id);
  };

  const moveTo = (id: string, index: number) => {
    const list = order().filter((x) => x !== id);
    const clamped = Math.max(0, Math.min(list.length, index));
    list.splice(clamped, 0, id);
    setPreview(list);
    return clamped;
  };

  const drop = () => {
    const id = grabbed();
    if (!id) return;
    const toIndex = order().indexOf(id);
    const fromIndex = opts.ids().indexOf(id);
    setGrabbed(null);
    if (toIndex >= 0 && fromIndex >= 0 && toIndex !== fromIndex) opts.onMove(id, toIndex);
    return toIndex;
  };

  const cancel = () => {
    setGrabbed(null);
    pointer = null;
  };

  const onKeyDown = (id: string, e: KeyboardEvent) => {
    const name = opts.label(id);
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      if (grabbed() === id) {
        keepFocus = { id, untilMs: performance.now() + KEEP_FOCUS_MS };
        const toIndex = drop();
        opts.announce(`${name} dropped at position ${(toIndex ?? 0) + 1}.`);
        queueMicrotask(refocus);
        setTimeout(refocus, 0);
      } else {
        start(id);
        opts.announce(`${name} grabbed. Use the up and down arrow keys to move it, Space to drop, Escape to cancel.`);
      }
    } else if (grabbed() === id && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      const at = moveTo(id, order().indexOf(id) + (e.key === 'ArrowUp' ? -1 : 1));
      opts.announce(`${name}, position ${at + 1} of ${order().length}.`);
      queueMicrotask(() => opts.focusHandle(id));
    } else if (grabbed() === id && e.key === 'Escape') {
      e.preventDefault();
      cancel();
      opts.announce(`Move cancelled. ${name} is back in place.`);
      queueMicrotask(() => opts.focusHandle(id));
    }
  };

  const onPointerDown = (id: string, e: PointerEvent) => {
    if (e.button !== 0) return;
    const row = (e.currentTarget as HTMLElement).closest('li');
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    start(id);
    pointer = { id, startY: e.clientY, startIndex: opts.ids().indexOf(id), rowPx: row?.offsetHeight || 60, pointerId: e.pointerId };
  };

  const onPointerMove = (e: PointerEvent) => {
    if (!pointer || e.pointerId !== pointer.pointerId) return;
    moveTo(pointer.id, pointer.startIndex + Math.round((e.clientY - pointer.startY) / pointer.rowPx));
  };

  const onPointerUp = (e: PointerEvent) => {
    if (!pointer || e.pointerId !== pointer.pointerId) return;
    pointer = null;
    drop();
  };

  return { order, grabbed, onKeyDown, onPointerDown, onPointerMove, onPointerUp, onPointerCancel: cancel, cancel };
}
