// One playlist: reorder, remove, play it in a room.
import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { library } from '../api/endpoints.ts';
import { formatDuration, Icon, Thumb } from '../components/icons.tsx';
import { createReorder } from '../components/reorder.ts';
import { ReorderHandle } from '../components/ReorderHandle.tsx';
import { createAction } from '../state/action.ts';
import { recentRooms } from '../state/session.ts';

export default function PlaylistPage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [playlist, { refetch }] = createResource(() => params.id, (id) => library.playlist(id));
  const [message, setMessage] = createSignal('');
  const handles = new Map<string, HTMLButtonElement>();
  const byId = () => new Map((playlist()?.tracks ?? []).map((e) => [e.entryId, e.track]));
  const move = createAction(async (entryId: string, toIndex: number) => {
    await library.movePlaylistEntry(params.id, entryId, toIndex);
    await refetch();
  });
  const remove = createAction(async (entryId: string) => {
    await library.removeFromPlaylist(params.id, entryId);
    await refetch();
  });
  const reorder = createReorder({
    ids: () => (playlist()?.tracks ?? []).map((t) => t.entryId),
    onMove: (id, toIndex) => void move.run(id, toIndex),
    label: (id) => byId().get(id)?.title ?? 'Track',
    announce: setMessage,
    focusHandle: (id) => handles.get(id)?.focus(),
  });
  const room = () => recentRooms()[0];

  return (
    <section class="page">
      <p><A href="/library">← Library</A></p>
      <Show when={playlist()} fallback={<p>{playlist.error ? 'This playlist does not exist or is private.' : 'Loading…'}</p>}>
        {(p) => (
          <>
            <h1>{p().name}</h1>
            <Show when={room()}>
              <button class="btn primary" type="button" onClick={() => navigate(`/r/${room()!.code}?playlist=${encodeURIComponent(p().id)}`)}>
                Play in {room()!.name || room()!.code}
              </button>
            </Show>
            <p class="error" role="alert">{move.error() || remove.error()}</p>
            <ol class="queue" aria-label="Playlist tracks">
              <For each={reorder.order()} fallback={<li class="empty">No songs yet. Add some from search.</li>}>
                {(id, index) => (
                  <Show when={byId().get(id)}>
                    {(t) => (
                      <li class="queue-row" classList={{ grabbed: reorder.grabbed() === id }}>
                        <ReorderHandle id={id} reorder={reorder} handles={handles} label={`Move ${t().title}, position ${index() + 1}`} />
                        <Thumb src={t().thumbnailUrl} />
                        <div class="row-text">
                          <span class="row-title">{t().title}</span>
                          <span class="row-sub">{t().artist}</span>
                        </div>
                        <span class="row-duration">{formatDuration(t().durationS)}</span>
                        <button class="icon-btn" type="button" aria-label={`Remove ${t().title}`} onClick={() => void remove.run(id)}>
                          <Icon name="remove" />
                        </button>
                      </li>
                    )}
                  </Show>
                )}
              </For>
            </ol>
            <div class="sr-only" role="status" aria-live="assertive">{message()}</div>
          </>
        )}
      </Show>
    </section>
  );
}
