// Start page: join by code (or pasted link), create a room, recent rooms, then the home shelves.
import { A, useNavigate } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { catalog, library, rooms } from '../api/endpoints.ts';
import type { RoomListItem, Track } from '../api/types.ts';
import { TrackList } from '../components/TrackList.tsx';
import { createAction } from '../state/action.ts';
import { forgetRoom, recentRooms, session } from '../state/session.ts';
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
  const [shelves] = createResource(() => catalog.home().catch(() => []));
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
    // Also off this browser's list, so "add to my room" elsewhere does not pick the room just removed.
    forgetRoom(code);
    setLocalRooms(recentRooms());
  };
  const [liked] = createResource(() => session.user()?.id, () => library.liked().then((r) => r.tracks.slice(0, 10)).catch(() => []));

  // Adding from home goes to the room you were in last (it adds the song once it has synced): the account's
  // most recent room when signed in, else this browser's.
  const lastRoomCode = () => (session.user() && accountRooms()?.[0]?.code) || localRooms()[0]?.code;
  const addToRoom = (t: Track) => navigate(`/r/${lastRoomCode()}?add=${encodeURIComponent(t.videoId)}`);
  const onAdd = () => (lastRoomCode() ? addToRoom : undefined);
  const create = createAction(async () => {
    const room = await rooms.create(roomName().trim() || `${session.user()!.username}'s room`);
    navigate(`/r/${room.code}`);
  });

  return (
    <div class="page home">
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

      <Show when={liked()?.length}>
        <section class="panel">
          <h2 class="panel-title">Liked songs</h2>
          <TrackList tracks={liked()!} label="Liked songs" onAdd={onAdd()} />
          <A href="/library">All liked songs and playlists</A>
        </section>
      </Show>

      <For each={shelves()}>
        {(shelf) => (
          <Show when={shelf.tracks.length}>
            <section class="panel">
              <h2 class="panel-title">{shelf.title}</h2>
              <TrackList tracks={shelf.tracks.slice(0, 8)} label={shelf.title} onAdd={onAdd()} />
            </section>
          </Show>
        )}
      </For>
    </div>
  );
}
