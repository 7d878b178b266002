import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Track } from '../api/types.ts';
import { distinctShelves, Shelf } from './Shelf.tsx';

const track = (n: number): Track => ({ videoId: `Abcccccc${String(n).padStart(3, '0')}`, title: `Song ${n}`, artist: 'Wren Hollow', album: null, thumbnailUrl: `/api/tracks/${n}/cover`, durationS: 200 });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => track(from + i));
const titles = (shelves: Array<{ id: string; tracks: Track[] }>) => shelves.map((s) => [s.id, s.tracks.map((t) => t.title)]);

afterEach(cleanup);

describe('home shelves', () => {
  it('never show a song on two shelves; a shelf with nothing new is left out', () => {
    const shelves = distinctShelves([
      { id: 'liked', tracks: [track(1), track(2)] },
      { id: 'trending', tracks: [track(2), track(3), track(3), track(1)] },
      { id: 'new', tracks: [track(3), track(1)] },
      { id: 'folk', tracks: [track(4)] },
    ]);
    expect(titles(shelves)).toEqual([['liked', ['Song 1', 'Song 2']], ['trending', ['Song 3']], ['folk', ['Song 4']]]);
  });

  it('count a song as shown only when its card is: past the cards a shelf holds it may show further down', () => {
    const shelves = distinctShelves([{ id: 'trending', tracks: range(1, 14) }, { id: 'new', tracks: range(12, 14) }], 12);
    expect(shelves[0]!.tracks).toHaveLength(12);
    expect(titles(shelves)[1]).toEqual(['new', ['Song 13', 'Song 14']]);
  });

  it('show each song as a cover card with its own buttons', () => {
    const onPreview = vi.fn();
    const onAdd = vi.fn();
    render(() => <Shelf title="Trending now" tracks={range(1, 2)} addTarget="Friday" onPreview={onPreview} onAdd={onAdd} onPlayNext={() => {}} onNeedsAccount={() => {}} />);
    const cards = within(screen.getByRole('list', { name: 'Trending now' })).getAllByRole('listitem');
    expect(cards).toHaveLength(2);
    const first = within(cards[0]!);
    expect(first.getByText('Song 1')).toBeTruthy();
    expect(first.getByText('Wren Hollow')).toBeTruthy();
    expect(cards[0]!.querySelector('img')?.getAttribute('src')).toBe('/api/tracks/1/cover');
    expect(first.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Preview Song 1 on your own', 'Play Song 1 next in Friday', 'Add Song 1 to Friday', 'Like Song 1',
    ]);
    fireEvent.click(first.getByRole('button', { name: 'Preview Song 1 on your own' }));
    fireEvent.click(first.getByRole('button', { name: 'Add Song 1 to Friday' }));
    expect(onPreview).toHaveBeenCalledWith(track(1));
    expect(onAdd).toHaveBeenCalledWith(track(1));
    expect(screen.getByRole('heading', { name: 'Trending now' })).toBeTruthy();
  });
});
