// Start page: join by code (or pasted link), create a room, recent rooms, then the music (rows of cover cards).
import { A, useNavigate } from '@solidjs/router';
import { createMemo, createResource, createSignal, Show } from 'solid-js';
import { rooms } from '../api/endpoints.ts';
import type { RoomListItem } from '../api/types.ts';
import { createAction } from '../state/action.ts';
import { forgetRoom, recentRooms, session } from '../state/session.ts';
import { HomeShelves } from './home/HomeShelves.tsx';
import { JoinRoomForm } from './home/JoinRoomForm.tsx';
import { RecentRooms, type RecentEntry } from './home/RecentRooms.tsx';

const RECENT_SHOWN = 12;

function uniqueByCode<T extends { code: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.code) && !!seen.add(r.code));
}

export default function HomePage() {
  const navigate = useNavigate();
  const [roomName, setRoomName] = createSignal('');
  // Signed in: the account's rooms from the server only (this browser's list may hold another account's rooms).
  // Signed out: this browser's list.
  const [accountRooms, { mutate: setAccountRooms }] = createResource(() => session.user()?.id, () => rooms.mine().catch((): RoomListItem[] => []));
  const [localRooms, setLocalRooms] = createSignal(recentRooms());
  const myRooms = createMemo((): RecentEntry[] => {
    if (session.user.loading) return [];
    const list = session.user()
      ? (accountRooms() ?? []).map((r) => ({ code: r.code, name: r.name, isHost: r.role === 'host' }))
      : localRooms().map((r) => ({ code: r.code, name: r.name, isHost: false }));
    return uniqueByCode(list).slice(0, RECENT_SHOWN);
  });
  const removeRecent = async (code: string) => {
    if (session.user()) {
      await rooms.hide(code);
      setAccountRooms((list) => list?.filter((r) => r.code !== code));
    }
    // Also off this browser's list, so nothing that offers "my last room" picks the room just removed.
    forgetRoom(code);
    setLocalRooms(recentRooms());
  };
  const create = createAction(async () => {
    const room = await rooms.create(roomName().trim() || `${session.user()!.username}'s room`);
    navigate(`/r/${room.code}`);
  });

  return (
    <div class="page home-page">
      <div class="home-intro">
        <section class="hero">
          <h1>Listen together</h1>
          <p class="hint">Join a room with its code. No account needed.</p>
          <JoinRoomForm />
        </section>

        <section class="panel">
          <h2 class="panel-title">Start a room</h2>
          <Show when={session.user()} fallback={<p><A href="/signin?next=/">Sign in</A> or <A href="/register">create an account</A> to start your own room.</p>}>
            <form class="join-form" onSubmit={(e) => (e.preventDefault(), void create.run())}>
              <div class="field">
                <label for="room-name">Room name</label>
                <input id="room-name" maxLength={80} placeholder="Friday night" value={roomName()} onInput={(e) => setRoomName(e.currentTarget.value)} />
              </div>
              <button class="btn primary" type="submit" disabled={create.pending()}>Create room</button>
              <p class="error" role="alert">{create.error()}</p>
            </form>
          </Show>
        </section>

        <RecentRooms rooms={myRooms()} onRemove={removeRecent} />
      </div>

      <HomeShelves />
    </div>
  );
}
