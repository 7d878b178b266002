import { A, useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { auth } from '../api/endpoints.ts';
import { createAction } from '../state/action.ts';
import { session } from '../state/session.ts';

export default function AccountPage() {
  const navigate = useNavigate();
  const [username, setUsername] = createSignal('');
  const [currentPassword, setCurrentPassword] = createSignal('');
  const [newPassword, setNewPassword] = createSignal('');
  const [deletePassword, setDeletePassword] = createSignal('');
  const [saved, setSaved] = createSignal('');

  const signOut = createAction(async () => {
    await auth.logout();
    session.setUser(null);
    navigate('/');
  });
  const save = createAction(async () => {
    const changes: { username?: string; newPassword?: string; currentPassword?: string } = {};
    if (username().trim()) changes.username = username().trim().toLowerCase();
    if (newPassword()) Object.assign(changes, { newPassword: newPassword(), currentPassword: currentPassword() });
    session.setUser(await auth.update(changes));
    setSaved('Saved.');
    setNewPassword('');
    setCurrentPassword('');
  });
  const remove = createAction(async () => {
    if (!confirm('Delete your account, your rooms, liked songs and playlists? This cannot be undone.')) return;
    await auth.remove(deletePassword());
    session.setUser(null);
    navigate('/');
  });

  return (
    <section class="page narrow">
      <h1>Account</h1>
      <Show when={session.user()} fallback={<p>You are not signed in. <A href="/signin">Sign in</A> or <A href="/register">create an account</A>.</p>}>
        {(u) => (
          <>
            <p>
              Signed in as <strong>{u().username}</strong>
              {u().email ? ` (${u().email})` : ''}.
            </p>
            <button class="btn" type="button" onClick={() => void signOut.run()} disabled={signOut.pending()}>
              Sign out
            </button>
            <form class="stack" onSubmit={(e) => (e.preventDefault(), setSaved(''), void save.run())}>
              <h2>Change details</h2>
              <label for="acc-username">New username</label>
              <input id="acc-username" autocomplete="username" placeholder={u().username} value={username()} onInput={(e) => setUsername(e.currentTarget.value)} />
              <label for="acc-current">Current password (to change it)</label>
              <input id="acc-current" type="password" autocomplete="current-password" value={currentPassword()} onInput={(e) => setCurrentPassword(e.currentTarget.value)} />
              <label for="acc-new">New password</label>
              <input id="acc-new" type="password" autocomplete="new-password" minLength={8} value={newPassword()} onInput={(e) => setNewPassword(e.currentTarget.value)} />
              <Show when={save.error() || saved()}>
                <p class={save.error() ? 'error' : 'hint'} role="status">{save.error() || saved()}</p>
              </Show>
              <button class="btn primary" type="submit" disabled={save.pending()}>Save</button>
            </form>
            <form class="stack danger-zone" onSubmit={(e) => (e.preventDefault(), void remove.run())}>
              <h2>Delete account</h2>
              <label for="acc-delete">Password</label>
              <input id="acc-delete" type="password" autocomplete="current-password" required value={deletePassword()} onInput={(e) => setDeletePassword(e.currentTarget.value)} />
              <Show when={remove.error()}>
                <p class="error" role="alert">{remove.error()}</p>
              </Show>
              <button class="btn danger" type="submit" disabled={remove.pending()}>Delete my account</button>
            </form>
          </>
        )}
      </Show>
    </section>
  );
}
