import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { auth } from '../api/endpoints.ts';
import { createAction } from '../state/action.ts';
import { session } from '../state/session.ts';

export default function RegisterPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const [email, setEmail] = createSignal('');
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const register = createAction(async () => {
    // Holding a guest identity? The server turns its memberships into this account's.
    session.setUser(await auth.register(email().trim(), username().trim().toLowerCase(), password()));
    navigate(params.next?.startsWith('/') ? params.next : '/');
  });
  return (
    <section class="page narrow">
      <h1>Create an account</h1>
      <p class="hint">An account keeps your liked songs and playlists and lets you create rooms.</p>
      <form class="stack" onSubmit={(e) => (e.preventDefault(), void register.run())}>
        <label for="email">Email</label>
        <input id="email" type="email" autocomplete="email" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="username">Username</label>
        <input
          id="username"
          autocomplete="username"
          required
          minLength={3}
          maxLength={32}
          pattern="[A-Za-z0-9_.]{3,32}"
          aria-describedby="username-help"
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <p id="username-help" class="hint">3 to 32 letters, digits, dots or underscores.</p>
        <label for="new-password">Password</label>
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          required
          minLength={8}
          aria-describedby="password-help"
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <p id="password-help" class="hint">At least 8 characters.</p>
        <Show when={register.error()}>
          <p class="error" role="alert">{register.error()}</p>
        </Show>
        <button class="btn primary" type="submit" disabled={register.pending()}>
          {register.pending() ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have one? <A href="/signin">Sign in</A>.
      </p>
    </section>
  );
}
