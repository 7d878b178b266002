// Already played, newest first. Each row offers what every track row does: preview on my own, play next
// and add again (when I may add), like, add to a playlist.
import { For, Show } from 'solid-js';
import type { QueueEntry } from '../room/types.ts';
import './cards.css';
import { Thumb } from './icons.tsx';
import { TrackButtons, type TrackActions } from './TrackList.tsx';

export function HistoryList(props: { entries: QueueEntry[]; actions: TrackActions; note?: string }) {
  const newestFirst = () => [...props.entries].reverse();
  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title" class="panel-title">Played</h2>
      <p class="action-note" role="status">{props.note}</p>
      <Show when={props.entries.length} fallback={<p class="empty">Songs played in this room show up here.</p>}>
        <ol class="queue history" aria-label="Played songs">
          <For each={newestFirst()}>
            {(entry) => (
              <li class="queue-row track-row">
                <Thumb src={entry.thumbnailUrl} />
                <div class="row-text">
                  <span class="row-title">{entry.title}</span>
                  <span class="row-sub">{entry.artist} · added by {entry.addedByName}</span>
                </div>
                <div class="row-actions">
                  <TrackButtons {...props.actions} track={entry} />
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
