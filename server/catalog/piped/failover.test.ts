// Broken Piped instances: failover with a cool-down, timeouts → 504, malformed answers → a clear 502.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPipedServer, type PipedServer } from '../../../test/piped-server.ts';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => { for (const stop of stops.reverse()) await stop(); });

// A fresh pair per mode: a cooled-down instance stays skipped for a minute.
describe.each(['fail', 'html', 'malformed', 'hang'] as const)('two instances, the first answering %s', (mode) => {
  let first: PipedServer;
  let second: PipedServer;
  let server: TestServer;
  beforeAll(async () => {
    [first, second] = await Promise.all([startPipedServer(), startPipedServer()]);
    stops.push(() => first.close(), () => second.close());
    server = await startTestServer({ PIPED_API_URL: `${first.url}, ${second.url}`, PIPED_TIMEOUT_MS: '400' });
    stops.push(() => server.stop());
  });

  it('moves on to the second instance, then skips the first for a while', async () => {
    first.setMode(mode);
    const res = await server.api('/api/search?q=failover');
    expect(res.status).toBe(200);
    expect(res.body.tracks).toHaveLength(4);
    expect(first.count('/search')).toBe(1);
    expect(second.count('/search')).toBe(1);

    const next = await server.api('/api/search?q=failover again');
    expect(next.status).toBe(200);
    expect(first.count('/search')).toBe(1); // cooling down: not asked again
    expect(second.count('/search')).toBe(2);
  });
});

describe('one broken instance', () => {
  let piped: PipedServer;
  let server: TestServer;
  beforeAll(async () => {
    piped = await startPipedServer();
    stops.push(() => piped.close());
    server = await startTestServer({ PIPED_API_URL: piped.url, PIPED_TIMEOUT_MS: '300' });
    stops.push(() => server.stop());
  });
  beforeEach(() => piped.reset());

  it('answers 504 upstream_unavailable when the instance hangs past the timeout', async () => {
    piped.setMode('hang');
    const startedMs = Date.now();
    const res = await server.api('/api/search?q=hanging');
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('upstream_unavailable');
    expect(res.body.error.message).toMatch(/did not answer .* in time/);
    expect(Date.now() - startedMs).toBeLessThan(5000);
  });

  it.each([
    ['malformed', /malformed answer \(not JSON\)/],
    ['wrong-shape', /malformed answer \(unexpected JSON shape/],
    ['fail', /HTTP 502/],
  ] as const)('answers a clear 502 when the instance answers %s', async (mode, message) => {
    piped.setMode(mode);
    const res = await server.api(`/api/search?q=broken ${mode}`);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('upstream_unavailable');
    expect(res.body.error.message).toMatch(message);
    expect(await server.deps.redis!.exists(`search:broken ${mode}`)).toBe(0);
    const track = await server.api('/api/tracks/Abccccccc99');
    expect(track.status).toBe(502);
    expect((await server.api('/api/health')).body.status).toBe('ok'); // the server keeps running
  });

  it('works again once the instance recovers', async () => {
    const res = await server.api('/api/search?q=recovered');
    expect(res.status).toBe(200);
    expect(res.body.tracks).toHaveLength(4);
  });
});
