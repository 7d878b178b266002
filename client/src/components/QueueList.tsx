// Up Next: reorder (pointer, touch, keyboard), remove, play next, who added it. Rows have a fixed height
// and are keyed by entry id, so updates move rows instead of re-creating them (no layout shift, focus kept).
import { createMemo, createSignal, For, Show } from 'solid-js';
import type { QueueEntry } from '../room/types.ts';
import { formatDuration, Icon, Thumb } from './icons.tsx';
import { createReorder } from './reorder.ts';
import { ReorderHandle } from './ReorderHandle.tsx';

export type QueueListProps = {
  entries: QueueEntry[];
  canEdit: boolean;
  /** Entries changed here and not yet confirmed by the server (offline edits). */
  pendingIds?: ReadonlySet<string>;
  onMove: (entryId: string, toIndex: number) => void;
  onRemove: (entryId: string) => void;
  onPlayNext: (entryId: string) => void;
  /** The id of what follows the list (focusable): a long list starts with a link that skips to it. */
  skipTo?: string;
};

/** From this many entries on, the list offers to skip past it. */
export const SKIP_LINK_FROM = 6;

/** In-page links would go through the router; this one only moves the focus (and the view) past the list. */
const skipPast = (id: string) => document.getElementById(id)?.focus();

export function QueueList(props: QueueListProps) {
  const byId = createMemo(() => new Map(props.entries.map((e) => [e.id, e])));
  const [message, setMessage] = createSignal('');
  const handles = new Map<string, HTMLButtonElement>();
  const reorder = createReorder({
    ids: () => props.entries.map((e) => e.id),
    onMove: (id, toIndex) => props.onMove(id, toIndex),
    label: (id) => byId().get(id)?.title ?? 'Track',
    announce: setMessage,
    focusHandle: (id) => handles.get(id)?.focus(),
  });

  return (
    <section class="panel" aria-labelledby="upnext-title">
      <h2 id="upnext-title" class="panel-title">
        Up next <span class="count">{props.entries.length}</span>
      </h2>
      <Show when={props.entries.length} fallback={<p class="empty">Nothing queued yet. Search for a song to add it.</p>}>
        <Show when={props.skipTo && props.entries.length >= SKIP_LINK_FROM}>
          <a class="skip-inline" href={`#${props.skipTo}`} onClick={(e) => (e.preventDefault(), skipPast(props.skipTo!))}>
            Skip past the queue
          </a>
        </Show>
        <ol class="queue" aria-describedby={props.canEdit ? 'queue-help' : undefined}>
          <For each={reorder.order()}>
            {(id, index) => {
              const entry = () => byId().get(id)!;
              return (
                <Show when={byId().get(id)}>
                  <li class="queue-row" classList={{ grabbed: reorder.grabbed() === id, pending: props.pendingIds?.has(id) }} data-entry-id={id}>
                    <Show when={props.canEdit}>
                      <ReorderHandle id={id} reorder={reorder} handles={handles} label={`Move ${entry().title}, position ${index() + 1} of ${props.entries.length}`} />
                    </Show>
                    <Thumb src={entry().thumbnailUrl} />
                    <div class="row-text">
                      <span class="row-title">{entry().title}</span>
                      <span class="row-sub">
                        {entry().artist} · added by {entry().addedByName}
                        <Show when={props.pendingIds?.has(id)}>
                          <span class="badge">waiting to sync</span>
                        </Show>
                        <Show when={entry().unplayable}>
                          <span class="badge">cannot be played, will be skipped</span>
                        </Show>
                      </span>
                    </div>
                    <span class="row-duration">{formatDuration(entry().durationS)}</span>
                    <Show when={props.canEdit}>
                      <button class="icon-btn" type="button" aria-label={`Play ${entry().title} next`} disabled={index() === 0} onClick={() => props.onPlayNext(id)}>
                        <Icon name="playNext" />
                      </button>
                      <button class="icon-btn" type="button" aria-label={`Remove ${entry().title}`} onClick={() => props.onRemove(id)}>
                        <Icon name="remove" />
                      </button>
                    </Show>
                  </li>
                </Show>
              );
            }}
          </For>
        </ol>
        <Show when={props.canEdit}>
          <p id="queue-help" class="sr-only">
            To reorder, focus a track's move button, press Space, use the arrow keys, then press Space again.
          </p>
        </Show>
      </Show>
      <Show when={!props.canEdit && props.entries.length}>
        <p class="hint">Only some members can change the queue here.</p>
      </Show>
      <div class="sr-only" role="status" aria-live="assertive">
        {message()}
      </div>
    </section>
  );
}
