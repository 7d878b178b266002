// Start page: join by code (or pasted link), create a room, recent rooms, then the home shelves.
import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { catalog, library, rooms } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import { TrackList } from '../components/TrackList.tsx';
import { createAction } from '../state/action.ts';
import { displayName, parseRoomCode, recentRooms, rememberDisplayName, session } from '../state/session.ts';

export default function HomePage() {
  const navigate = useNavigate();
  const [code, setCode] = createSignal('');
  const [name, setName] = createSignal(displayName());
  const [roomName, setRoomName] = createSignal('');
  const [codeError, setCodeError] = createSignal('');
  const [shelves] = createResource(() => catalog.home().catch(() => []));
  // This browser's rooms first, then the account's (hosted or joined elsewhere), without repeats.
  const [accountRooms] = createResource(() => session.user()?.id, () => rooms.mine().catch(() => []));
  const myRooms = () => {
    const local = recentRooms();
    const seen = new Set(local.map((r) => r.code));
    return [...local, ...(accountRooms() ?? []).filter((r) => !seen.has(r.code)).map((r) => ({ code: r.code, name: r.name }))].slice(0, 12);
  };
  const [liked] = createResource(() => session.user()?.id, () => library.liked().then((r) => r.tracks.slice(0, 10)).catch(() => []));

  const join = (e: Event) => {
    e.preventDefault();
    const parsed = parseRoomCode(code());
    if (!parsed) return setCodeError('A room code has 6 letters and digits, like K7M2QX.');
    setCodeError('');
    if (name().trim()) rememberDisplayName(name().trim());
    navigate(`/r/${parsed}`);
  };
  // Adding from home goes to the room you were in last (it adds the song once it has synced).
  const lastRoom = recentRooms()[0];
  const addToRoom = lastRoom ? (t: Track) => navigate(`/r/${lastRoom.code}?add=${encodeURIComponent(t.videoId)}`) : undefined;
  const create = createAction(async () => {
    const room = await rooms.create(roomName().trim() || `${session.user()!.username}'s room`);
    navigate(`/r/${room.code}`);
  });

  return (
    <div class="page home">
      <section class="hero">
        <h1>Listen together</h1>
        <p class="hint">Join a room with its code. No account needed.</p>
        <form class="join-form" onSubmit={join} novalidate>
          <div class="field">
            <label for="join-code">Room code or link</label>
            <input
              id="join-code"
              class="code-input"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
              placeholder="K7M2QX"
              aria-invalid={!!codeError()}
              aria-describedby="join-code-error"
              value={code()}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
          </div>
          <Show when={!session.user()}>
            <div class="field">
              <label for="join-name">Your name</label>
              <input id="join-name" autocomplete="nickname" maxLength={40} placeholder="What friends call you" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
            </div>
          </Show>
          <button class="btn primary" type="submit">Join</button>
          <p id="join-code-error" class="error" role="alert">{codeError()}</p>
        </form>
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

      <Show when={myRooms().length}>
        <section class="panel">
          <h2 class="panel-title">Recent rooms</h2>
          <ul class="chips">
            <For each={myRooms()}>
              {(r) => (
                <li>
                  <A class="chip" href={`/r/${r.code}`}>
                    {r.name || 'Room'} <span class="code small">{r.code}</span>
                  </A>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>

      <Show when={liked()?.length}>
        <section class="panel">
          <h2 class="panel-title">Liked songs</h2>
          <TrackList tracks={liked()!} label="Liked songs" onAdd={addToRoom} />
          <A href="/library">All liked songs and playlists</A>
        </section>
      </Show>

      <For each={shelves()}>
        {(shelf) => (
          <Show when={shelf.tracks.length}>
            <section class="panel">
              <h2 class="panel-title">{shelf.title}</h2>
              <TrackList tracks={shelf.tracks.slice(0, 8)} label={shelf.title} onAdd={addToRoom} />
            </section>
          </Show>
        )}
      </For>
    </div>
  );
}
