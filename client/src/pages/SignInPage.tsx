import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { auth } from '../api/endpoints.ts';
import { createAction } from '../state/action.ts';
import { session } from '../state/session.ts';

export default function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const [login, setLogin] = createSignal('');
  const [password, setPassword] = createSignal('');
  const signIn = createAction(async () => {
    session.setUser(await auth.login(login().trim(), password()));
    navigate(params.next?.startsWith('/') ? params.next : '/');
  });
  return (
    <section class="page narrow">
      <h1>Sign in</h1>
      <form class="stack" onSubmit={(e) => (e.preventDefault(), void signIn.run())}>
        <label for="login">Email or username</label>
        <input id="login" autocomplete="username" required value={login()} onInput={(e) => setLogin(e.currentTarget.value)} />
        <label for="password">Password</label>
        <input id="password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
        <Show when={signIn.error()}>
          <p class="error" role="alert">{signIn.error()}</p>
        </Show>
        <button class="btn primary" type="submit" disabled={signIn.pending()}>
          {signIn.pending() ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <A href={`/register${params.next ? `?next=${encodeURIComponent(params.next)}` : ''}`}>Create an account</A>. You can also join a room as a guest without one.
      </p>
    </section>
  );
}
