// One playlist: play it (on my own, in a room, or together in a new one), reorder, remove, and each song's own
// actions (add to the room I am in, like, add to another playlist, preview).
import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, Show } from 'solid-js';
import { library, rooms } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import { formatDuration, Icon, Thumb } from '../components/icons.tsx';
import { ListenTogether } from '../components/ListenTogether.tsx';
import { createReorder } from '../components/reorder.ts';
import { ReorderHandle } from '../components/ReorderHandle.tsx';
import { createTrackActions } from '../components/track-actions.ts';
import { TrackButtons } from '../components/TrackList.tsx';
import { listening } from '../listening/now.ts';
import { createAction } from '../state/action.ts';
import { session } from '../state/session.ts';

export default function PlaylistPage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [playlist, { refetch }] = createResource(() => params.id, (id) => library.playlist(id));
  const songs = createTrackActions();
  createEffect(() => songs.lookUpLikes((playlist()?.tracks ?? []).map((e) => e.track)));
  const [message, setMessage] = createSignal('');
  const handles = new Map<string, HTMLButtonElement>();
  const byId = () => new Map((playlist()?.tracks ?? []).map((e) => [e.entryId, e]));
  const mine = () => !!playlist() && playlist()!.owner.id === session.user()?.id;
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
    label: (id) => byId().get(id)?.track.title ?? 'Track',
    announce: setMessage,
    focusHandle: (id) => handles.get(id)?.focus(),
  });
  // "Play in …": the room this tab is in when I may add there, else the room I was in last (the server's list).
  const [lastRoom] = createResource(() => session.user()?.id, () => rooms.mine().then((list) => list[0] ?? null, () => null));
  const playTarget = () => {
    const here = listening.room();
    return here && listening.canAdd() ? here : lastRoom();
  };
  const playIn = createAction(async (code: string) => {
    await rooms.addPlaylist(code, params.id);
    navigate(`/r/${code}`);
  });
  const first = (): Track | undefined => playlist()?.tracks[0]?.track;

  return (
    <section class="page">
      <p><A href="/library">← Library</A></p>
      <Show when={playlist()} fallback={<p>{playlist.error ? 'This playlist does not exist or is private.' : 'Loading…'}</p>}>
        {(p) => (
          <>
            <div class="collection-hero">
              <Show when={p().coverUrl}>{(src) => <img class="collection-cover" src={src()} alt="" />}</Show>
              <div class="collection-head">
                <h1>{p().name}</h1>
                <span class="count">{p().trackCount} songs{mine() ? '' : ` · by ${p().owner.username}`}</span>
              </div>
            </div>
            <Show when={first()}>
              <div class="collection-actions">
                <button class="btn primary" type="button" aria-label={`Play ${p().name} on your own`} onClick={() => songs.actions.onPreview?.(first()!)}>
                  <Icon name="play" filled /> Play
                </button>
                <Show when={playTarget()}>
                  {(room) => (
                    <button class="btn" type="button" disabled={playIn.pending()} onClick={() => void playIn.run(room().code)}>
                      Play in {room().name || room().code}
                    </button>
                  )}
                </Show>
                <ListenTogether name={p().name} addTo={(code) => rooms.addPlaylist(code, p().id)} />
              </div>
            </Show>
            <p class="error" role="alert">{move.error() || remove.error() || playIn.error()}</p>
            <ol class="queue" aria-label="Playlist tracks">
              <For each={reorder.order()} fallback={<li class="empty">No songs yet. Add some from search.</li>}>
                {(id, index) => (
                  <Show when={byId().get(id)}>
                    {(e) => (
                      <li class="queue-row track-row" classList={{ grabbed: reorder.grabbed() === id, editable: mine() }}>
                        <Show when={mine()}>
                          <ReorderHandle id={id} reorder={reorder} handles={handles} label={`Move ${e().track.title}, position ${index() + 1}`} />
                        </Show>
                        <Thumb src={e().track.thumbnailUrl} />
                        <div class="row-text">
                          <span class="row-title">{e().track.title}</span>
                          <span class="row-sub">{e().track.artist}</span>
                        </div>
                        <span class="row-duration">{formatDuration(e().track.durationS)}</span>
                        <div class="row-actions">
                          <TrackButtons {...songs.actions} track={e().track} playlists={songs.actions.playlists?.filter((pl) => pl.id !== p().id)} />
                          <Show when={mine()}>
                            <button class="icon-btn" type="button" aria-label={`Remove ${e().track.title}`} onClick={() => void remove.run(id)}>
                              <Icon name="remove" />
                            </button>
                          </Show>
                        </div>
                      </li>
                    )}
                  </Show>
                )}
              </For>
            </ol>
            <div class="sr-only" role="status" aria-live="assertive">{message()}</div>
            <p class="action-note" role="status">{songs.note()}</p>
          </>
        )}
      </Show>
    </section>
  );
}
