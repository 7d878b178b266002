import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('config', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect([c.host, c.port, c.bodyLimitBytes, c.redisUrl, c.databaseUrl]).toEqual(['127.0.0.1', 3000, 1048576, undefined, undefined]);
    expect(Object.isFrozen(c)).toBe(true);
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
