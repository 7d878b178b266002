import { MemoryRouter, Route, createMemoryHistory } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rooms } from '../api/endpoints.ts';
import type { RoomListItem } from '../api/types.ts';
import { ListenTogether } from './ListenTogether.tsx';

vi.mock('../api/endpoints.ts', () => ({ rooms: { mine: vi.fn(), create: vi.fn() } }));
vi.mock('../state/session.ts', () => ({ session: { user: () => ({ id: 'u1', username: 'lee' }) } }));

const room = (code: string, name: string): RoomListItem => ({ id: code, code, name, hostId: 'u1', role: 'host', updatedAt: '', lastSeenAt: '' });

function renderDialog(addTo: (code: string) => Promise<number>) {
  const history = createMemoryHistory();
  history.set({ value: '/library' });
  render(() => (
    <MemoryRouter history={history}>
      <Route path="/library" component={() => <ListenTogether name="Evening" addTo={addTo} />} />
      <Route path="/r/:code" component={() => <h1>In the room</h1>} />
    </MemoryRouter>
  ));
  return history;
}

beforeEach(() => {
  vi.spyOn(window, 'scrollTo').mockImplementation(() => {}); // the router scrolls to the top on navigating
  vi.mocked(rooms.mine).mockResolvedValue([room('DEN234', 'Den'), room('FRI567', 'Friday')]);
  vi.mocked(rooms.create).mockResolvedValue({ id: 'r', code: 'NEW789', name: 'Evening', hostId: 'u1' });
});
afterEach(() => (cleanup(), vi.restoreAllMocks()));

describe('ListenTogether', () => {
  it('adds to a room the server says I am in, then says so with a link to it', async () => {
    const addTo = vi.fn(async () => 3);
    renderDialog(addTo);
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Listen together' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Listen together' }));
    fireEvent.click(await dialog.findByRole('button', { name: 'Add to Friday' }));
    const status = dialog.getByRole('status');
    await vi.waitFor(() => expect(status.textContent).toContain('Added 3 songs to Friday.'));
    expect(addTo).toHaveBeenCalledWith('FRI567');
    expect(within(status).getByRole('link', { name: 'Open Friday' }).getAttribute('href')).toBe('/r/FRI567');
  });

  it('starts a new room named after what is played, fills it, and opens it', async () => {
    const addTo = vi.fn(async () => 3);
    const history = renderDialog(addTo);
    fireEvent.click(screen.getByRole('button', { name: 'Listen together' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Listen together' })).getByRole('button', { name: 'Start a new room' }));
    await screen.findByRole('heading', { name: 'In the room' });
    expect(rooms.create).toHaveBeenCalledWith('Evening');
    expect(addTo).toHaveBeenCalledWith('NEW789');
    expect(history.get()).toBe('/r/NEW789');
  });

  it('tells what went wrong when the songs could not go in', async () => {
    renderDialog(async () => { throw new Error('You may not add to this queue'); });
    fireEvent.click(screen.getByRole('button', { name: 'Listen together' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Listen together' }));
    fireEvent.click(await dialog.findByRole('button', { name: 'Add to Den' }));
    await vi.waitFor(() => expect(dialog.getByRole('status').textContent).toBe('Could not add to Den: You may not add to this queue'));
  });
});
