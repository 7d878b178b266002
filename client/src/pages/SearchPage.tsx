// Search on its own page. Adding goes to the room this tab is in (when I may add there).
import { useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { catalog } from '../api/endpoints.ts';
import { SearchPanel } from '../components/SearchPanel.tsx';
import { addTarget, createTrackActions } from '../components/track-actions.ts';
import { listening } from '../listening/now.ts';

export default function SearchPage() {
  const [params] = useSearchParams<{ q?: string }>();
  const songs = createTrackActions();
  const addAll = () => (addTarget() ? (tracks: Parameters<typeof listening.addToRoom>[0]) => songs.setNote(listening.addToRoom(tracks, 'end') ?? '') : undefined);

  return (
    <section class="page">
      <h1>Search</h1>
      <Show when={addTarget()} fallback={<p class="hint">Join a room to add songs to its queue; meanwhile you can preview them on your own.</p>}>
        <p class="hint">Adding goes to {addTarget()}.</p>
      </Show>
      <SearchPanel
        {...songs.actions}
        initialQuery={params.q}
        search={(q, f, signal) => catalog.search(q, f, signal)}
        suggest={(q, signal) => catalog.suggestions(q, signal)}
        openCollection={(id, signal) => catalog.collection(id, signal)}
        onAddAll={addAll()}
        onResults={songs.lookUpLikes}
      />
      <p class="action-note" role="status">{songs.note()}</p>
    </section>
  );
}
