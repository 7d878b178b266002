// Says when the room is offline (edits are kept and sent later) and when it is back.
import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';

export function OfflineBanner(props: { online: boolean; pendingCount?: number }) {
  const [backAgain, setBackAgain] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      () => props.online,
      (online, wasOnline) => {
        clearTimeout(timer);
        if (online && wasOnline === false) {
          setBackAgain(true);
          timer = setTimeout(() => setBackAgain(false), 4000);
        } else setBackAgain(false);
      },
    ),
  );
  onCleanup(() => clearTimeout(timer));
  return (
    <div class="banner-slot" role="status" aria-live="polite">
      <Show when={!props.online}>
        <p class="banner offline">
          You are offline. You can keep editing the queue
          {props.pendingCount ? ` (${props.pendingCount} change${props.pendingCount === 1 ? '' : 's'} waiting)` : ''}; it syncs when you are back.
        </p>
      </Show>
      <Show when={backAgain()}>
        <p class="banner online">Back online. Your changes are synced.</p>
      </Show>
    </div>
  );
}
