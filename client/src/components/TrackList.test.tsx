import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlaylistSummary, Track } from '../api/types.ts';
import { TrackList } from './TrackList.tsx';

const track = (videoId: string, title: string): Track => ({ videoId, title, artist: 'Wren Hollow', album: 'Paper Lanterns', thumbnailUrl: null, durationS: 95 });
const songs = [track('Abcccccccc1', 'Lanterns'), track('Abcccccccc2', 'Paper Boats')];
const playlist = (id: string, name: string): PlaylistSummary => ({ id, name, isPublic: false, trackCount: 0, coverUrl: null, createdAt: '', updatedAt: '' });

afterEach(cleanup);

describe('TrackList', () => {
  it('in the room: "Add X to the queue" and "Play X next", as the room page and its tests know them', () => {
    const onAdd = vi.fn();
    const onPlayNext = vi.fn();
    render(() => <TrackList tracks={songs} label="Search results" onAdd={onAdd} onPlayNext={onPlayNext} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add Lanterns to the queue' }));
    fireEvent.click(screen.getByRole('button', { name: 'Play Paper Boats next' }));
    expect(onAdd).toHaveBeenCalledWith(songs[0]);
    expect(onPlayNext).toHaveBeenCalledWith(songs[1]);
  });

  it('elsewhere: the buttons name the room the songs go to', () => {
    render(() => <TrackList tracks={songs} label="Liked songs" addTarget="Friday" onAdd={() => {}} onPlayNext={() => {}} />);
    expect(screen.getByRole('button', { name: 'Add Lanterns to Friday' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Play Lanterns next in Friday' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /to the queue/ })).toBeNull();
  });

  it('offers no add button without a room to add to, and still preview, like and add to a playlist', () => {
    const onPreview = vi.fn();
    const onLike = vi.fn();
    const onAddToPlaylist = vi.fn();
    render(() => (
      <TrackList tracks={songs} label="Liked songs" likedIds={new Set(['Abcccccccc1'])} onPreview={onPreview} onLike={onLike}
        playlists={[playlist('p1', 'Evening')]} onAddToPlaylist={onAddToPlaylist} />
    ));
    const first = within(screen.getAllByRole('listitem')[0]!);
    expect(first.queryByRole('button', { name: /^Add |next/ })).toBeNull();
    expect(first.getByText('1:35')).toBeTruthy();
    fireEvent.click(first.getByRole('button', { name: 'Preview Lanterns on your own' }));
    expect(onPreview).toHaveBeenCalledWith(songs[0]);
    const like = first.getByRole('button', { name: 'Like Lanterns' });
    expect(like.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(like);
    expect(onLike).toHaveBeenCalledWith(songs[0], false);
    const select = first.getByRole('combobox', { name: 'Add Lanterns to a playlist' }) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'p1' } });
    expect(onAddToPlaylist).toHaveBeenCalledWith('p1', songs[0]);
    expect(select.value).toBe('');
  });

  it('asks a guest to make an account instead of liking', () => {
    const onNeedsAccount = vi.fn();
    render(() => <TrackList tracks={songs} label="Search results" onNeedsAccount={onNeedsAccount} />);
    fireEvent.click(screen.getByRole('button', { name: 'Like Paper Boats' }));
    expect(onNeedsAccount).toHaveBeenCalledWith('like songs');
  });
});
