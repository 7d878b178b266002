import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueueEntry } from '../room/types.ts';
import { QueueList } from './QueueList.tsx';

const entry = (id: string, title: string): QueueEntry => ({
  id, videoId: `local-${id.padEnd(8, '0')}`, title, artist: 'Artist', durationS: 200, addedBy: 'u1', addedByName: 'Ana', addedAt: 0,
});
const three = () => [entry('a', 'Alpha'), entry('b', 'Bravo'), entry('c', 'Charlie')];

function renderQueue(props: Partial<Parameters<typeof QueueList>[0]> = {}) {
  const onMove = vi.fn();
  const onRemove = vi.fn();
  const onPlayNext = vi.fn();
  const utils = render(() => <QueueList entries={three()} canEdit onMove={onMove} onRemove={onRemove} onPlayNext={onPlayNext} {...props} />);
  const titles = () => Array.from(utils.container.querySelectorAll('.row-title')).map((n) => n.textContent);
  return { ...utils, onMove, onRemove, onPlayNext, titles };
}

afterEach(cleanup);

describe('QueueList', () => {
  it('moves an entry with the keyboard: Space grabs, arrows move, Space drops and emits one move', async () => {
    const { onMove, titles } = renderQueue();
    const handle = screen.getByRole('button', { name: /Move Alpha/ });
    handle.focus();
    fireEvent.keyDown(handle, { key: ' ' });
    expect(handle.getAttribute('aria-pressed')).toBe('true');
    fireEvent.keyDown(handle, { key: 'ArrowDown' });
    fireEvent.keyDown(handle, { key: 'ArrowDown' });
    expect(titles()).toEqual(['Bravo', 'Charlie', 'Alpha']); // the preview shows where it will land
    expect(onMove).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /Move Alpha/ }));
    fireEvent.keyDown(screen.getByRole('button', { name: /Move Alpha/ }), { key: ' ' });
    expect(onMove).toHaveBeenCalledTimes(1);
    expect(onMove).toHaveBeenCalledWith('a', 2);
    expect(screen.getByRole('status').textContent).toMatch(/Alpha dropped at position 3/);
  });

  it('moves up from the bottom and clamps at the top', () => {
    const { onMove } = renderQueue();
    const handle = screen.getByRole('button', { name: /Move Charlie/ });
    fireEvent.keyDown(handle, { key: 'Enter' });
    for (let i = 0; i < 5; i++) fireEvent.keyDown(handle, { key: 'ArrowUp' });
    fireEvent.keyDown(handle, { key: 'Enter' });
    expect(onMove).toHaveBeenCalledWith('c', 0);
  });

  it('Escape cancels a move and restores the order; dropping in place emits nothing', () => {
    const { onMove, titles } = renderQueue();
    const handle = screen.getByRole('button', { name: /Move Bravo/ });
    fireEvent.keyDown(handle, { key: ' ' });
    fireEvent.keyDown(handle, { key: 'ArrowUp' });
    fireEvent.keyDown(handle, { key: 'Escape' });
    expect(titles()).toEqual(['Alpha', 'Bravo', 'Charlie']);
    fireEvent.keyDown(handle, { key: ' ' });
    fireEvent.keyDown(handle, { key: ' ' });
    expect(onMove).not.toHaveBeenCalled();
  });

  it('drags with a pointer (mouse or touch) by whole rows', () => {
    const { onMove } = renderQueue();
    const handle = screen.getByRole('button', { name: /Move Alpha/ });
    fireEvent.pointerDown(handle, { button: 0, pointerId: 1, clientY: 10 });
    fireEvent.pointerMove(handle, { pointerId: 1, clientY: 75 }); // one row of 60 px (jsdom has no layout)
    fireEvent.pointerUp(handle, { pointerId: 1, clientY: 75 });
    expect(onMove).toHaveBeenCalledWith('a', 1);
  });

  it('keeps rows (and focus) when the entries update from elsewhere', async () => {
    const [entries, setEntries] = createSignal(three());
    const { container } = render(() => <QueueList entries={entries()} canEdit onMove={() => {}} onRemove={() => {}} onPlayNext={() => {}} />);
    const rowB = container.querySelector('[data-entry-id="b"]');
    setEntries([entry('b', 'Bravo'), entry('d', 'Delta'), ...three().filter((e) => e.id !== 'b')]);
    expect(container.querySelector('[data-entry-id="b"]')).toBe(rowB);
    expect(container.querySelectorAll('li')).toHaveLength(4);
  });

  it('remove and play next call back with the entry id', () => {
    const { onRemove, onPlayNext } = renderQueue();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Bravo' }));
    fireEvent.click(screen.getByRole('button', { name: 'Play Charlie next' }));
    expect(onRemove).toHaveBeenCalledWith('b');
    expect(onPlayNext).toHaveBeenCalledWith('c');
  });

  it('a read-only listener sees the queue without move or remove controls', () => {
    renderQueue({ canEdit: false });
    expect(screen.getByText('Alpha')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Move/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
  });

  it('marks offline edits as waiting to sync', () => {
    renderQueue({ pendingIds: new Set(['c']) });
    expect(screen.getByText('waiting to sync').closest('li')?.getAttribute('data-entry-id')).toBe('c');
  });

  it('after a keyboard drop the focus stays on the moved handle, also when the room sends the new order later', async () => {
    const [entries, setEntries] = createSignal(three());
    const move = (id: string, to: number) => {
      const list = entries().filter((e) => e.id !== id);
      list.splice(to, 0, entries().find((e) => e.id === id)!);
      // The room's answer comes a moment later, re-rendering the rows.
      setTimeout(() => setEntries(list), 5);
    };
    render(() => <QueueList entries={entries()} canEdit onMove={move} onRemove={() => {}} onPlayNext={() => {}} />);
    const handle = () => screen.getByRole('button', { name: /^Move Charlie/ });
    handle().focus();
    fireEvent.keyDown(handle(), { key: ' ' });
    fireEvent.keyDown(handle(), { key: 'ArrowUp' });
    fireEvent.keyDown(handle(), { key: 'ArrowUp' });
    fireEvent.keyDown(handle(), { key: ' ' });
    await new Promise((r) => setTimeout(r, 20));
    expect(entries().map((e) => e.title)).toEqual(['Charlie', 'Alpha', 'Bravo']);
    expect(document.activeElement).toBe(handle());
  });

  it('a long queue starts with a link that skips past it', () => {
    const many = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => entry(id, `Song ${id}`));
    render(() => (
      <>
        <QueueList entries={many} canEdit={false} skipTo="after" onMove={() => {}} onRemove={() => {}} onPlayNext={() => {}} />
        <div id="after" tabindex="-1">Chat</div>
      </>
    ));
    fireEvent.click(screen.getByRole('link', { name: 'Skip past the queue' }));
    expect(document.activeElement?.id).toBe('after');
  });

  it('a short queue has no skip link', () => {
    renderQueue({ skipTo: 'after' });
    expect(screen.queryByRole('link', { name: 'Skip past the queue' })).toBeNull();
  });
});
