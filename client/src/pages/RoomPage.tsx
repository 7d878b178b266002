// /r/:code — resolves who I am in the room (joining first when needed), then shows the room.
import { A, useParams } from '@solidjs/router';
import { createEffect, createSignal, lazy, Match, Show, Switch } from 'solid-js';
import { ApiError } from '../api/client.ts';
import { createAction } from '../state/action.ts';
import { displayName, parseRoomCode, rememberDisplayName, session } from '../state/session.ts';
import { joinAsGuest, knownIdentity, type RoomIdentity } from '../room/identity.ts';

const RoomView = lazy(() => import('../room/RoomView.tsx'));
// Fetch the room code (Yjs, provider) while the identity is being resolved, not after.
void RoomView.preload();

export default function RoomPage() {
  const params = useParams<{ code: string }>();
  const code = () => parseRoomCode(params.code);
  const [identity, setIdentity] = createSignal<RoomIdentity | null>(null);
  const [name, setName] = createSignal(displayName());
  // Wait for the session check so a signed-in user is not asked for a guest name.
  createEffect(() => {
    const c = code();
    if (c && !session.user.loading && !identity()) setIdentity(knownIdentity(c, session.user() ?? null));
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
      <Match when={identity()}>{(id) => <RoomView code={code()!} identity={id()} onLeave={() => setIdentity(null)} onNotFound={() => setNotFound(true)} />}</Match>
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
