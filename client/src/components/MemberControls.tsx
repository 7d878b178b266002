// The host's switches for one member (checked: what they may do now) and removing them, asked inline.
import { createSignal, For, Show } from 'solid-js';
import type { Permissions } from '../../../shared/room/permissions.ts';
import type { MemberAdmin, RoomMember } from './member-admin.ts';

// Named "{name} may add songs" etc.; shown under a "May" caption as "add songs" etc.
const SWITCHES: Array<[keyof Permissions, string]> = [
  ['add', 'add songs'],
  ['manage', 'manage the queue'],
  ['control', 'control playback'],
  ['chat', 'chat'],
];

export function MemberControls(props: { member: RoomMember; admin: MemberAdmin; onRemoved: () => void }) {
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal<keyof Permissions | 'remove' | null>(null);
  const name = () => props.member.displayName;
  let removeButton: HTMLButtonElement | undefined;

  // Controls are not disabled while a request runs (a disabled control loses the focus): a second press
  // meanwhile is ignored instead.
  const toggle = async (key: keyof Permissions, input: HTMLInputElement) => {
    const value = input.checked;
    if (busy()) return void (input.checked = !value);
    setBusy(key);
    // Refused: the box shows what the member may still do.
    if (!(await props.admin.setPermission(props.member, key, value))) input.checked = !value;
    setBusy(null);
  };
  const remove = async () => {
    if (busy()) return;
    setBusy('remove');
    const ok = await props.admin.remove(props.member);
    setBusy(null);
    if (ok) props.onRemoved();
  };
  const cancel = () => {
    setConfirming(false);
    removeButton?.focus();
  };

  return (
    <div class="member-tools">
      <fieldset class="member-switches">
        <legend class="sr-only">What {name()} may do</legend>
        <span class="member-may" aria-hidden="true">May</span>
        <For each={SWITCHES}>
          {([key, words]) => (
            <label class="member-switch">
              <input type="checkbox" checked={props.member.permissions[key]} onChange={(e) => void toggle(key, e.currentTarget)} />
              <span><span class="sr-only">{name()} may</span> {words}</span>
            </label>
          )}
        </For>
      </fieldset>
      <Show
        when={confirming()}
        fallback={
          <button ref={removeButton} class="btn danger small" type="button" onClick={() => setConfirming(true)}>
            Remove {name()} from the room
          </button>
        }
      >
        <div class="member-confirm">
          <p>Remove {name()}? They can come back only by joining with the room code again.</p>
          <button class="btn danger small" type="button" onClick={() => void remove()}>
            Yes, remove
          </button>
          <button ref={(el) => queueMicrotask(() => el.focus())} class="btn ghost small" type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </Show>
    </div>
  );
}
