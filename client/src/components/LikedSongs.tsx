// My liked songs, newest first, a page at a time: the next page loads as the end of the list comes into view,
// and a "Load more" button does the same where that does not happen. Play and Listen together above it.
import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { errorMessage } from '../api/client.ts';
import { library, rooms } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import './cards.css';
import { Icon } from './icons.tsx';
import { ListenTogether } from './ListenTogether.tsx';
import { TrackList, type TrackActions } from './TrackList.tsx';

export function LikedSongs(props: { actions: TrackActions; onLoaded?: (tracks: Track[]) => void }) {
  const [tracks, setTracks] = createSignal<Track[]>([]);
  // undefined: nothing asked yet; null: no more pages.
  const [cursor, setCursor] = createSignal<string | null | undefined>(undefined);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal('');
  let sentinel: HTMLDivElement | undefined;
  let observer: IntersectionObserver | undefined;

  const loadMore = async () => {
    if (loading() || cursor() === null) return;
    setLoading(true);
    setError('');
    try {
      const page = await library.liked(cursor());
      setTracks([...tracks(), ...page.tracks]);
      setCursor(page.nextCursor);
      props.onLoaded?.(page.tracks);
      // Observed afresh: if the end is still in view (a short page, a tall screen) the next page loads too.
      if (page.nextCursor && observer && sentinel) {
        observer.unobserve(sentinel);
        observer.observe(sentinel);
      }
    } catch (err) {
      setError(`Could not load your liked songs: ${errorMessage(err)}`);
    } finally {
      setLoading(false);
    }
  };

  onMount(() => {
    if (typeof IntersectionObserver === 'function' && sentinel) {
      observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: '0px 0px 400px 0px' });
      observer.observe(sentinel);
    }
    void loadMore();
  });
  onCleanup(() => observer?.disconnect());

  return (
    <section class="panel" aria-labelledby="liked-title">
      <div class="collection-head">
        <h2 id="liked-title" class="panel-title">Liked songs</h2>
        <Show when={tracks().length}>
          <div class="collection-actions">
            <button class="btn primary" type="button" aria-label="Play liked songs on your own" onClick={() => props.actions.onPreview?.(tracks()[0]!)}>
              <Icon name="play" filled /> Play
            </button>
            <ListenTogether name="Liked songs" addTo={async (code) => rooms.addTracks(code, await library.allLiked())} />
          </div>
        </Show>
      </div>
      <Show when={tracks().length || cursor() !== null} fallback={<p class="empty">Songs you like show up here.</p>}>
        <TrackList {...props.actions} tracks={tracks()} label="Liked songs" />
      </Show>
      <div ref={sentinel} class="sentinel" aria-hidden="true" />
      <p class="list-end" role="status">{loading() ? (cursor() === undefined ? 'Loading…' : 'Loading more…') : ''}</p>
      <p class="error" role="alert">{error()}</p>
      <Show when={!loading() && cursor() !== null && (cursor() || error())}>
        <button class="btn" type="button" onClick={() => void loadMore()}>Load more</button>
      </Show>
    </section>
  );
}
