// The shell around every page: skip link, header with navigation, the page.
import { A, type RouteSectionProps } from '@solidjs/router';
import { Show, Suspense } from 'solid-js';
import { session } from './state/session.ts';

export function App(props: RouteSectionProps) {
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
      <main id="main" tabindex="-1">
        <Suspense fallback={<p class="loading">Loading…</p>}>{props.children}</Suspense>
      </main>
    </>
  );
}
