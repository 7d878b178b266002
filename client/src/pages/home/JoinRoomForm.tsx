// Join in one step: a code (or pasted link) and, for a visitor, a name; a wrong code is told here, not on the next page.
import { useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { ApiError, errorMessage } from '../../api/client.ts';
import { rooms } from '../../api/endpoints.ts';
import { joinAsGuest } from '../../room/identity.ts';
import { displayName, guestFor, parseRoomCode, rememberDisplayName, session } from '../../state/session.ts';

/** field: the input the message is about (it gets aria-invalid and focus); null for a failure of the request itself. */
type JoinError = { field: 'code' | 'name' | null; message: string };

export function JoinRoomForm() {
  const navigate = useNavigate();
  const [code, setCode] = createSignal('');
  const [name, setName] = createSignal(displayName());
  const [error, setError] = createSignal<JoinError | null>(null);
  const [pending, setPending] = createSignal(false);
  let codeInput!: HTMLInputElement;
  let nameInput: HTMLInputElement | undefined;

  const fail = (field: JoinError['field'], message: string) => {
    setError({ field, message });
    (field === 'code' ? codeInput : field === 'name' ? nameInput : undefined)?.focus();
  };

  // Signed in: the socket makes the user a member, so only the code is checked. Signed out: a guest pass is
  // fetched (or one held from an earlier visit is used) and the room page opens with it, no second form.
  const join = async (e: Event) => {
    e.preventDefault();
    if (pending()) return;
    const roomCode = parseRoomCode(code());
    if (!roomCode) return fail('code', 'A room code has 6 letters and digits, like K7M2QX.');
    const user = session.user();
    const guestName = name().trim();
    const needsPass = !user && !guestFor(roomCode);
    if (needsPass && !guestName) return fail('name', 'Enter your name to join as a guest.');
    setError(null);
    setPending(true);
    try {
      if (user) await rooms.get(roomCode);
      else if (needsPass) {
        rememberDisplayName(guestName);
        await joinAsGuest(roomCode, guestName);
      }
      navigate(`/r/${roomCode}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) fail('code', `No room with code ${roomCode}. Check the code with whoever shared it.`);
      else fail(null, errorMessage(err));
    } finally {
      setPending(false);
    }
  };
  const clearFor = (field: 'code' | 'name') => error()?.field === field && setError(null);

  return (
    <form class="join-form" onSubmit={join} novalidate>
      <div class="field">
        <label for="join-code">Room code or link</label>
        <input
          id="join-code"
          ref={codeInput}
          class="code-input"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          placeholder="K7M2QX"
          aria-invalid={error()?.field === 'code'}
          aria-describedby="join-code-error"
          value={code()}
          onInput={(e) => (setCode(e.currentTarget.value), clearFor('code'))}
        />
      </div>
      <Show when={!session.user()}>
        <div class="field">
          <label for="join-name">Your name</label>
          <input
            id="join-name"
            ref={nameInput}
            autocomplete="nickname"
            maxLength={40}
            placeholder="What friends call you"
            aria-invalid={error()?.field === 'name'}
            aria-describedby="join-name-error"
            value={name()}
            onInput={(e) => (setName(e.currentTarget.value), clearFor('name'))}
          />
        </div>
      </Show>
      <button class="btn primary" type="submit" disabled={pending()}>
        {pending() ? 'Joining…' : 'Join'}
      </button>
      {/* Below the row, not inside a field: a message there would push that field's input out of line. */}
      <p id="join-code-error" class="error" role="alert">{error() && error()!.field !== 'name' ? error()!.message : ''}</p>
      <Show when={!session.user()}>
        <p id="join-name-error" class="error" role="alert">{error()?.field === 'name' ? error()!.message : ''}</p>
      </Show>
    </form>
  );
}
