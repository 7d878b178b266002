import { MemoryRouter, Route, createMemoryHistory } from '@solidjs/router';
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { library } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import { LikedSongs } from './LikedSongs.tsx';

vi.mock('../api/endpoints.ts', () => ({ library: { liked: vi.fn(), allLiked: vi.fn() }, rooms: { addTracks: vi.fn(), mine: vi.fn(), create: vi.fn() } }));
vi.mock('../state/session.ts', () => ({ session: { user: () => ({ id: 'u1', username: 'lee' }) } }));

const track = (n: number): Track => ({ videoId: `Abcccccc${String(n).padStart(3, '0')}`, title: `Song ${n}`, artist: 'Wren Hollow', album: null, thumbnailUrl: null, durationS: 200 });
const page = (from: number, n: number, next: string | null) => ({ tracks: Array.from({ length: n }, (_, i) => track(from + i)), nextCursor: next });

/** The IntersectionObserver the list made, so a test can scroll its sentinel into view. */
let observed: { callback: IntersectionObserverCallback; target: Element | null } | null = null;
class FakeObserver {
  constructor(readonly callback: IntersectionObserverCallback) { observed = { callback, target: null }; }
  observe(target: Element) { observed!.target = target; }
  unobserve() {}
  disconnect() {}
}
const scrollToEnd = () => observed!.callback([{ isIntersecting: true, target: observed!.target! } as IntersectionObserverEntry], {} as IntersectionObserver);

function renderLiked(onPreview = vi.fn()) {
  const history = createMemoryHistory();
  history.set({ value: '/library' });
  render(() => (
    <MemoryRouter history={history}>
      <Route path="/library" component={() => <LikedSongs actions={{ onPreview }} />} />
    </MemoryRouter>
  ));
  const rows = () => screen.getByRole('list', { name: 'Liked songs' }).querySelectorAll('li').length;
  return { rows, onPreview };
}

beforeEach(() => {
  vi.stubGlobal('IntersectionObserver', FakeObserver);
  vi.mocked(library.liked).mockImplementation(async (cursor) => (cursor === 'p2' ? page(51, 50, 'p3') : cursor === 'p3' ? page(101, 5, null) : page(1, 50, 'p2')));
});
afterEach(() => (cleanup(), vi.clearAllMocks(), vi.unstubAllGlobals()));

describe('LikedSongs', () => {
  it('loads the next page when the end of the list comes into view, until there is no more', async () => {
    const { rows } = renderLiked();
    await vi.waitFor(() => expect(rows()).toBe(50));
    scrollToEnd();
    expect(screen.getByRole('status').textContent).toBe('Loading more…');
    await vi.waitFor(() => expect(rows()).toBe(100));
    expect(library.liked).toHaveBeenLastCalledWith('p2');
    scrollToEnd();
    await vi.waitFor(() => expect(rows()).toBe(105));
    scrollToEnd();
    expect(library.liked).toHaveBeenCalledTimes(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('has a Load more button for when scrolling does not do it', async () => {
    const { rows } = renderLiked();
    await vi.waitFor(() => expect(rows()).toBe(50));
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await vi.waitFor(() => expect(rows()).toBe(100));
  });

  it('plays the first song on my own', async () => {
    const { rows, onPreview } = renderLiked();
    await vi.waitFor(() => expect(rows()).toBe(50));
    fireEvent.click(screen.getByRole('button', { name: 'Play liked songs on your own' }));
    expect(onPreview).toHaveBeenCalledWith(track(1));
  });
});
