// A Piped-shaped HTTP server on 127.0.0.1 serving recorded answers (test/fixtures/piped), which can be
// told to fail, hang, answer malformed JSON or HTML, and counts the requests it gets per path.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type PipedMode = 'ok' | 'fail' | 'hang' | 'malformed' | 'html' | 'wrong-shape';

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/piped', `${name}.json`), 'utf8'));
export const fixtures = {
  search: fixture('search-music_songs'),
  streams: fixture('streams') as Record<string, unknown>,
  suggestions: fixture('suggestions'),
  trending: fixture('trending'),
  playlist: fixture('playlist'),
};

export type PipedServer = {
  url: string;
  /** How every path answers unless a per-path mode is set. */
  setMode(mode: PipedMode, pathname?: string): void;
  /** A fixed answer for one pathname (e.g. '/trending'), overriding the recorded one. */
  respond(pathname: string, status: number, body: unknown): void;
  /** Delay before every answer, so concurrent requests overlap. */
  delayMs: number;
  count(pathname: string): number;
  total(): number;
  requests: string[];
  reset(): void;
  close(): Promise<void>;
};

function recorded(pathname: string): [number, unknown] {
  if (pathname === '/search' || pathname === '/nextpage/search') return [200, fixtures.search];
  if (pathname === '/suggestions') return [200, fixtures.suggestions];
  if (pathname === '/trending') return [200, fixtures.trending];
  if (/^\/playlists\/[A-Za-z0-9_-]+$/.test(pathname)) return [200, fixtures.playlist];
  const streams = /^\/streams\/([A-Za-z0-9_-]{11})$/.exec(pathname);
  // Piped's answer for a removed video: a JSON error with status 500.
  if (streams?.[1]?.startsWith('missing')) return [500, { error: 'ContentNotAvailableException', message: 'Video unavailable' }];
  if (streams) return [200, fixtures.streams];
  return [404, { error: 'NotFound', message: `no such path ${pathname}` }];
}

export async function startPipedServer(): Promise<PipedServer> {
  const modes = new Map<string, PipedMode>();
  const answers = new Map<string, [number, unknown]>();
  const counts = new Map<string, number>();
  let defaultMode: PipedMode = 'ok';
  const state: Pick<PipedServer, 'delayMs' | 'requests'> = { delayMs: 0, requests: [] };

  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
    state.requests.push(req.url ?? '');
    const mode = modes.get(pathname) ?? defaultMode;
    if (mode === 'hang') return; // never answers; close() drops the socket
    const send = () => {
      if (mode === 'fail') return void res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway');
      if (mode === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Cloudflare</body></html>');
      if (mode === 'malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"items": [{"url": "/watch?v=');
      if (mode === 'wrong-shape') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello": "world"}');
      const [status, body] = answers.get(pathname) ?? recorded(pathname);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (state.delayMs > 0) setTimeout(send, state.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    setMode(mode: PipedMode, pathname?: string) {
      if (pathname) modes.set(pathname, mode);
      else defaultMode = mode;
    },
    respond(pathname: string, status: number, body: unknown) { answers.set(pathname, [status, body]); },
    count: (pathname: string) => counts.get(pathname) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset() {
      modes.clear(); answers.clear(); counts.clear(); state.requests.length = 0;
      defaultMode = 'ok'; state.delayMs = 0;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}
