// Rooms I was in lately: each a link, with a button that takes it off the list.
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../api/client.ts';
import { Icon } from '../../components/icons.tsx';

export type RecentEntry = { code: string; name: string; isHost: boolean };

const roomLabel = (r: RecentEntry) => r.name || `Room ${r.code}`;

export function RecentRooms(props: { rooms: RecentEntry[]; onRemove: (code: string) => Promise<void> }) {
  const [removing, setRemoving] = createSignal<string | null>(null);
  const [error, setError] = createSignal('');
  // Once something was removed the section stays, so focus has somewhere to go when the list empties.
  const [removedAny, setRemovedAny] = createSignal(false);
  let heading: HTMLHeadingElement | undefined;
  let list: HTMLUListElement | undefined;

  const remove = async (room: RecentEntry) => {
    if (removing()) return;
    const index = props.rooms.findIndex((r) => r.code === room.code);
    setRemoving(room.code);
    setError('');
    try {
      await props.onRemove(room.code);
      setRemovedAny(true);
      // The entry that took its place, else the one before it, else the heading.
      const links = list?.isConnected ? list.querySelectorAll<HTMLAnchorElement>('a') : [];
      (links[index] ?? links[index - 1] ?? heading)?.focus();
    } catch (err) {
      setError(`Could not remove ${roomLabel(room)}: ${errorMessage(err)}`);
    } finally {
      setRemoving(null);
    }
  };

  return (
    <Show when={props.rooms.length || removedAny()}>
      <section class="panel" aria-labelledby="recent-rooms-title">
        <h2 id="recent-rooms-title" class="panel-title" tabindex="-1" ref={heading}>
          Recent rooms
        </h2>
        <Show when={props.rooms.length} fallback={<p class="empty">No recent rooms. Rooms you join show up here.</p>}>
          <ul class="chips" ref={list}>
            <For each={props.rooms}>
              {(r) => (
                <li>
                  <A class="chip" href={`/r/${r.code}`}>
                    {roomLabel(r)} <span class="code small">{r.code}</span>
                    <Show when={r.isHost}>
                      {' '}
                      <span class="count">Host</span>
                    </Show>
                  </A>
                  <button
                    type="button"
                    class="icon-btn"
                    aria-label={`Remove ${roomLabel(r)} from recent rooms`}
                    aria-disabled={removing() === r.code}
                    onClick={() => void remove(r)}
                  >
                    <Icon name="remove" />
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <p class="error" role="alert">{error()}</p>
      </section>
    </Show>
  );
}
