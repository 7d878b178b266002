// Liked Songs and my playlists (create, rename, delete, open); every song playable from here.
import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { library } from '../api/endpoints.ts';
import { Thumb } from '../components/icons.tsx';
import { LikedSongs } from '../components/LikedSongs.tsx';
import { createTrackActions } from '../components/track-actions.ts';
import { createAction } from '../state/action.ts';
import { session } from '../state/session.ts';

export default function LibraryPage() {
  const [playlists, { refetch }] = createResource(() => session.user()?.id, () => library.playlists());
  const songs = createTrackActions();
  const [name, setName] = createSignal('');
  const create = createAction(async () => {
    await library.createPlaylist(name().trim() || 'New playlist');
    setName('');
    await refetch();
  });
  const rename = createAction(async (id: string, current: string) => {
    const next = prompt('New name for the playlist', current)?.trim();
    if (next && next !== current) await library.renamePlaylist(id, next);
    await refetch();
  });
  const remove = createAction(async (id: string, n: string) => {
    if (confirm(`Delete the playlist “${n}”?`)) await library.deletePlaylist(id);
    await refetch();
  });

  return (
    <section class="page">
      <h1>Your library</h1>
      <Show when={session.user()} fallback={<p>Liked songs and playlists need an account. <A href="/register?next=/library">Create one</A> or <A href="/signin?next=/library">sign in</A>; a guest's rooms come along.</p>}>
        <section class="panel">
          <h2 class="panel-title">Playlists</h2>
          <form class="join-form" onSubmit={(e) => (e.preventDefault(), void create.run())}>
            <div class="field">
              <label for="pl-name">New playlist</label>
              <input id="pl-name" maxLength={100} placeholder="Road trip" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
            </div>
            <button class="btn primary" type="submit" disabled={create.pending()}>Create</button>
          </form>
          <p class="error" role="alert">{create.error() || rename.error() || remove.error()}</p>
          <ul class="queue">
            <For each={playlists()} fallback={<li class="empty">No playlists yet.</li>}>
              {(p) => (
                <li class="queue-row playlist-row">
                  <Thumb src={p.coverUrl} />
                  <div class="row-text">
                    <A class="row-title" href={`/library/playlists/${p.id}`}>{p.name}</A>
                    <span class="row-sub">{p.trackCount} songs{p.isPublic ? ' · public' : ''}</span>
                  </div>
                  <button class="btn ghost small" type="button" onClick={() => void rename.run(p.id, p.name)}>Rename</button>
                  <button class="btn ghost small" type="button" onClick={() => void remove.run(p.id, p.name)}>Delete</button>
                </li>
              )}
            </For>
          </ul>
        </section>
        <LikedSongs actions={songs.actions} onLoaded={(tracks) => songs.markLiked(tracks.map((t) => t.videoId))} />
        <p class="action-note" role="status">{songs.note()}</p>
      </Show>
    </section>
  );
}
