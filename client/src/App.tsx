import { createResource, Show } from 'solid-js';

type Health = { status: string; db: string; cache: string; version: string };

export function App() {
  const [health] = createResource(async () => (await fetch('/api/health')).json() as Promise<Health>);
  return (
    <main>
      <h1>Jamroom</h1>
      <p>Listen to music together.</p>
      <Show when={health()}>{(h) => <p>Server {h().status} · version {h().version}</p>}</Show>
    </main>
  );
}
