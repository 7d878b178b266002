// "Listen together": a playlist or my liked songs into a room's queue — a new room (then open it), or one
// the server says I belong to (then a link to it).
import { A, useNavigate } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../api/client.ts';
import { rooms } from '../api/endpoints.ts';
import type { RoomListItem } from '../api/types.ts';
import { session } from '../state/session.ts';
import './cards.css';
import { Icon } from './icons.tsx';

export type ListenTogetherProps = {
  /** What gets played, also the new room's name: the playlist's name, or "Liked songs". */
  name: string;
  /** Puts the songs into that room's queue; resolves to how many were added. */
  addTo: (roomCode: string) => Promise<number>;
};

type Note = { text: string; room?: { code: string; name: string } };
const ROOM_NAME_MAX = 80;
let dialogCount = 0;

export function ListenTogether(props: ListenTogetherProps) {
  const navigate = useNavigate();
  const titleId = `together-${++dialogCount}`;
  let dialog: HTMLDialogElement | undefined;
  // Asked each time the dialog opens (rooms come and go); a signal, not a resource, so the page never suspends.
  const [myRooms, setMyRooms] = createSignal<RoomListItem[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [note, setNote] = createSignal<Note | null>(null);
  const songs = (n: number) => (n === 1 ? '1 song' : `${n} songs`);

  const show = () => {
    setNote(null);
    if (dialog?.showModal) dialog.showModal();
    else dialog?.setAttribute('open', '');
    if (session.user()) rooms.mine().then(setMyRooms, () => setMyRooms([]));
  };
  const close = () => {
    if (dialog?.close) dialog.close();
    else dialog?.removeAttribute('open');
  };
  const run = async (task: () => Promise<void>) => {
    if (busy()) return;
    setBusy(true);
    setNote(null);
    try {
      await task();
    } finally {
      setBusy(false);
    }
  };

  const startRoom = () => run(async () => {
    let room: { code: string; name: string } | undefined;
    try {
      room = await rooms.create(props.name.trim().slice(0, ROOM_NAME_MAX) || 'Listening together');
      await props.addTo(room.code);
      close();
      navigate(`/r/${room.code}`);
    } catch (err) {
      setNote(room ? { text: `Started ${room.name}, but the songs did not go in: ${errorMessage(err)}`, room } : { text: errorMessage(err) });
    }
  });
  const addToRoom = (room: RoomListItem) => run(async () => {
    try {
      setNote({ text: `Added ${songs(await props.addTo(room.code))} to ${room.name}.`, room });
    } catch (err) {
      setNote({ text: `Could not add to ${room.name}: ${errorMessage(err)}` });
    }
  });

  return (
    <>
      <button class="btn" type="button" aria-haspopup="dialog" onClick={show}>
        <Icon name="together" /> Listen together
      </button>
      <dialog ref={dialog} class="together" aria-labelledby={titleId}>
        <h2 id={titleId} class="panel-title">Listen together</h2>
        <Show when={session.user()} fallback={<p><A href="/signin">Sign in</A> to start a room and play {props.name} in it.</p>}>
          <p class="hint">Play {props.name} in a room with friends.</p>
          <button class="btn primary" type="button" disabled={busy()} onClick={() => void startRoom()}>
            Start a new room
          </button>
          <Show when={myRooms().length}>
            <h3 class="together-sub">Or add to a room you are in</h3>
            <ul class="together-rooms">
              <For each={myRooms()}>
                {(room) => (
                  <li>
                    <button class="btn" type="button" disabled={busy()} onClick={() => void addToRoom(room)}>
                      Add to {room.name}
                    </button>
                    <span class="code small">{room.code}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
        <p class="together-note" role="status">
          {busy() ? 'Adding…' : note()?.text}
          <Show when={!busy() && note()?.room}>
            {(room) => (
              <>
                {' '}
                <A href={`/r/${room().code}`} onClick={close}>Open {room().name}</A>
              </>
            )}
          </Show>
        </p>
        <div class="together-foot">
          <button class="btn ghost" type="button" onClick={close}>Close</button>
        </div>
      </dialog>
    </>
  );
}
