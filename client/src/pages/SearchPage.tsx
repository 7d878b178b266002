// Search on its own page. Adding goes to the room you were last in (the room adds it once it has synced).
import { useNavigate, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, Show } from 'solid-js';
import { errorMessage } from '../api/client.ts';
import { catalog, library } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import { SearchPanel } from '../components/SearchPanel.tsx';
import { recentRooms, session } from '../state/session.ts';

export default function SearchPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ q?: string }>();
  const [note, setNote] = createSignal('');
  const room = () => recentRooms()[0];
  const [playlists] = createResource(() => session.user()?.id, () => library.playlists().catch(() => []));
  const [likedIds, setLikedIds] = createSignal<ReadonlySet<string>>(new Set());
  const lookUpLikes = (tracks: Track[]) => {
    if (session.user()) library.likedIds(tracks.map((t) => t.videoId)).then(setLikedIds, () => {});
  };

  const addToRoom = (mode: 'end' | 'next') => (track: Track) => {
    const r = room();
    if (r) navigate(`/r/${r.code}?add=${encodeURIComponent(track.videoId)}&mode=${mode}`);
  };
  const like = async (track: Track, on: boolean) => {
    try {
      await (on ? library.like(track) : library.unlike(track.videoId));
      const next = new Set(likedIds());
      if (on) next.add(track.videoId);
      else next.delete(track.videoId);
      setLikedIds(next);
    } catch (err) {
      setNote(errorMessage(err));
    }
  };

  return (
    <section class="page">
      <h1>Search</h1>
      <Show when={room()} fallback={<p class="hint">Join a room to add songs to its queue.</p>}>
        <p class="hint">Adding goes to {room()!.name || `room ${room()!.code}`}.</p>
      </Show>
      <p class="np-status" role="status">{note()}</p>
      <SearchPanel
        initialQuery={params.q}
        search={(q, f, signal) => catalog.search(q, f, signal)}
        suggest={(q, signal) => catalog.suggestions(q, signal)}
        openCollection={(id, signal) => catalog.collection(id, signal)}
        onAdd={room() ? addToRoom('end') : undefined}
        onPlayNext={room() ? addToRoom('next') : undefined}
        onLike={session.user() ? like : undefined}
        onNeedsAccount={(what) => setNote(`Create an account or sign in to ${what}.`)}
        likedIds={likedIds()}
        onResults={lookUpLikes}
        playlists={playlists() ?? []}
        onAddToPlaylist={(id, track) => library.addToPlaylist(id, [track]).then(() => setNote(`Added ${track.title}.`), (err) => setNote(errorMessage(err)))}
      />
    </section>
  );
}
