// The shell around every page: skip link, header with navigation, the page, and what outlives a page: the
// player (its <audio> elements, the player bar, the keyboard shortcuts and their help).
import { A, useLocation, type RouteSectionProps } from '@solidjs/router';
import { createEffect, createSignal, onCleanup, Show, Suspense, untrack } from 'solid-js';
import { PlayerBar } from './components/PlayerBar.tsx';
import { ShortcutHelp } from './components/ShortcutHelp.tsx';
import { current, playerNote, setAudioContainer, stopListening, switchTo } from './listening/current.ts';
import { connectListening } from './listening/player.ts';
import { usePlayerShortcuts } from './player/shortcuts.ts';
import { parseRoomCode, session } from './state/session.ts';

export function App(props: RouteSectionProps) {
  const location = useLocation();
  const [helpOpen, setHelpOpen] = createSignal(false);
  connectListening();
  usePlayerShortcuts({ current, helpOpen, openHelp: () => setHelpOpen(true) });
  // The room's own page has the big player: no bar there.
  const onItsRoomPage = () => {
    const code = current()?.room?.code;
    return !!code && location.pathname.startsWith('/r/') && parseRoomCode(location.pathname) === code;
  };
  const barShown = () => !!current() && !onItsRoomPage();
  // Signed out (or in as someone else): a room entered as the old account is not mine to stay in.
  createEffect(() => {
    if (session.user.loading) return;
    const id = untrack(current)?.room?.identity;
    if (id && !id.isGuest && id.presence.id !== session.user()?.id) switchTo(null);
  });
  let main!: HTMLElement;
  const leave = () => {
    stopListening();
    // The bar and its button are gone: the page keeps the focus.
    main.focus({ preventScroll: true });
  };

  // The bar's height, so the page ends above it (it wraps to two rows on phones).
  let bar: HTMLElement | undefined;
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => bar && document.documentElement.style.setProperty('--player-h', `${bar.offsetHeight}px`));
  createEffect(() => document.documentElement.classList.toggle('with-player', barShown()));
  onCleanup(() => observer?.disconnect());

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <A href="/" class="brand" end>
          <span aria-hidden="true" class="logo">♫</span> Jamroom
        </A>
        <nav aria-label="Main">
          <A href="/search" activeClass="on">Search</A>
          <A href="/library" activeClass="on">Library</A>
          <Show when={session.user()} fallback={<A href="/signin" activeClass="on">Sign in</A>}>
            {(u) => (
              <A href="/account" class="user" activeClass="on" aria-label={`Account: ${u().username}`}>
                {u().username}
              </A>
            )}
          </Show>
        </nav>
      </header>
      <main id="main" tabindex="-1" ref={main}>
        <p class="sr-only" role="status">{playerNote()}</p>
        <Suspense fallback={<p class="loading">Loading…</p>}>{props.children}</Suspense>
      </main>
      <Show when={barShown() ? current() : null} keyed>
        {(l) => (
          <div class="player-dock" ref={(el) => ((bar = el), observer?.observe(el), onCleanup(() => observer?.unobserve(el)))}>
            <PlayerBar listening={l} onLeave={leave} />
          </div>
        )}
      </Show>
      <div class="audio-box" ref={setAudioContainer} />
      <ShortcutHelp open={helpOpen()} onClose={() => setHelpOpen(false)} />
    </>
  );
}
