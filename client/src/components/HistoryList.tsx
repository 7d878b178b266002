// Already played, newest first, each with "add again".
import { For, Show } from 'solid-js';
import type { QueueEntry } from '../room/types.ts';
import { Icon, Thumb } from './icons.tsx';

export function HistoryList(props: { entries: QueueEntry[]; canAdd: boolean; onAddAgain: (entry: QueueEntry) => void }) {
  const newestFirst = () => [...props.entries].reverse();
  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title" class="panel-title">Played</h2>
      <Show when={props.entries.length} fallback={<p class="empty">Songs played in this room show up here.</p>}>
        <ol class="queue history">
          <For each={newestFirst()}>
            {(entry) => (
              <li class="queue-row">
                <Thumb src={entry.thumbnailUrl} />
                <div class="row-text">
                  <span class="row-title">{entry.title}</span>
                  <span class="row-sub">{entry.artist} · added by {entry.addedByName}</span>
                </div>
                <Show when={props.canAdd}>
                  <button class="icon-btn" type="button" aria-label={`Add ${entry.title} again`} onClick={() => props.onAddAgain(entry)}>
                    <Icon name="again" />
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
