import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('config', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect([c.host, c.port, c.bodyLimitBytes, c.redisUrl, c.databaseUrl]).toEqual(['127.0.0.1', 3000, 1048576, undefined, undefined]);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('limits a single client: websockets per address, slow headers and slow requests', () => {
    const c = loadConfig({});
    expect([c.wsMaxPerAddress, c.httpHeadersTimeoutMs, c.httpRequestTimeoutMs]).toEqual([50, 10_000, 30_000]);
    expect(() => loadConfig({ WS_MAX_PER_ADDRESS: '0' })).toThrow(/WS_MAX_PER_ADDRESS/);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS .*HTTP_REQUEST_TIMEOUT_MS/);
  });

  it('sign-in limits keep their defaults; a vote secret is optional but not a short one', () => {
    const c = loadConfig({});
    expect([c.authRateLimit, c.authRateWindowS, c.voteSecret]).toEqual([10, 900, undefined]);
    expect(loadConfig({ VOTE_SECRET: '' }).voteSecret).toBeUndefined();
    expect(loadConfig({ VOTE_SECRET: 'a-long-enough-secret' }).voteSecret).toBe('a-long-enough-secret');
    expect(() => loadConfig({ VOTE_SECRET: 'short' })).toThrow(/VOTE_SECRET/);
  });

  it('names the variable when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ PIPED_API_URL: 'https://ok.example, nope' })).toThrow(/PIPED_API_URL/);
  });

  it('stops the start with a message naming the variable', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '99999', DATA_DIR: '/nonexistent' }, encoding: 'utf8', timeout: 20_000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/PORT/);
    expect(res.stderr).not.toMatch(/at \w+ \(/);
  });
});
