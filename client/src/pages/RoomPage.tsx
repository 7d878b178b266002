// /r/:code — resolves who I am in the room (joining first when needed), then shows the room. Back in the
// room this tab is already listening to, it is the same session: no wait, no second join.
import { A, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, lazy, Match, Show, Switch, untrack } from 'solid-js';
import { ApiError } from '../api/client.ts';
import { createAction } from '../state/action.ts';
import { displayName, parseRoomCode, rememberDisplayName, session } from '../state/session.ts';
import { current } from '../listening/current.ts';
import { joinAsGuest, knownIdentity, type RoomIdentity } from '../room/identity.ts';

const RoomView = lazy(() => import('../room/RoomView.tsx'));
// Fetch the room code (Yjs, provider) while the identity is being resolved, not after.
void RoomView.preload();

export default function RoomPage() {
  const params = useParams<{ code: string }>();
  // Leaving the page, the params empty before the page goes: keep showing the room it was.
  const code = createMemo<string | null>((last) => (params.code === undefined ? last : parseRoomCode(params.code)), null);
  // Who I am, for the room it was resolved for (the page stays mounted when the code changes).
  const [resolved, setResolved] = createSignal<{ code: string; identity: RoomIdentity | null } | null>(null);
  const identity = () => (resolved()?.code === code() ? resolved()!.identity : null);
  const setIdentity = (id: RoomIdentity | null) => setResolved(code() ? { code: code()!, identity: id } : null);
  const [name, setName] = createSignal(displayName());
  createEffect(() => {
    const c = code();
    if (!c || untrack(resolved)?.code === c) return;
    const playing = current()?.room;
    if (playing?.code === c) return setIdentity(playing.identity);
    // Wait for the session check so a signed-in user is not asked for a guest name.
    if (!session.user.loading) setIdentity(knownIdentity(c, session.user() ?? null));
  });
  const [notFound, setNotFound] = createSignal(false);
  const join = createAction(async () => {
    rememberDisplayName(name().trim());
    try {
      setIdentity(await joinAsGuest(code()!, name().trim()));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setNotFound(true);
      throw err;
    }
  });

  return (
    <Switch>
      <Match when={!code()}>
        <section class="page narrow">
          <h1>That is not a room code</h1>
          <p>A room code has 6 letters and digits. <A href="/">Enter it on the start page.</A></p>
        </section>
      </Match>
      <Match when={notFound()}>
        <section class="page narrow">
          <h1>No room with code {code()}</h1>
          <p>Check the code with whoever shared it, or <A href="/">start over</A>.</p>
        </section>
      </Match>
      <Match when={identity()} keyed>{(id) => <RoomView code={code()!} identity={id} onLeave={() => setIdentity(null)} onNotFound={() => setNotFound(true)} />}</Match>
      <Match when={!session.user.loading && !session.user()}>
        <section class="page narrow">
          <h1>Join room {code()}</h1>
          <form class="stack" onSubmit={(e) => (e.preventDefault(), void join.run())}>
            <label for="guest-name">Your name</label>
            <input id="guest-name" required maxLength={40} autocomplete="nickname" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
            <Show when={join.error()}>
              <p class="error" role="alert">{join.error()}</p>
            </Show>
            <button class="btn primary" type="submit" disabled={join.pending() || !name().trim()}>
              {join.pending() ? 'Joining…' : 'Join as a guest'}
            </button>
          </form>
          <p class="hint">
            Have an account? <A href={`/signin?next=/r/${code()}`}>Sign in</A> first to keep what you like.
          </p>
        </section>
      </Match>
    </Switch>
  );
}
