// Reading who a raw request is from the way Koa does (ctx.protocol, ctx.host, ctx.ip), and judging an Origin.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, isForeignOrigin, requestHost, requestProtocol } from './origin.ts';

const req = (headers: Record<string, string>, remoteAddress = '10.0.0.9') => ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('origin', () => {
  it('a missing Origin is not foreign; another scheme, host, port or "null" is', () => {
    expect(isForeignOrigin(undefined, 'http', 'jam.example')).toBe(false);
    expect(isForeignOrigin('http://jam.example', 'http', 'jam.example')).toBe(false);
    expect(isForeignOrigin('http://Jam.Example', 'http', 'jam.example')).toBe(false);
    for (const o of ['https://jam.example', 'http://evil.example', 'http://jam.example:8080', 'null']) expect(isForeignOrigin(o, 'http', 'jam.example')).toBe(true);
  });

  it('X-Forwarded-Proto, -Host and -For count only behind a trusted proxy, and -For by its last entry (the proxy\'s)', () => {
    const r = req({ host: 'internal:3000', 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'jam.example', 'x-forwarded-for': '203.0.113.5, 10.0.0.1' });
    expect([requestProtocol(r, false), requestHost(r, false), clientAddress(r, false)]).toEqual(['http', 'internal:3000', '10.0.0.9']);
    expect([requestProtocol(r, true), requestHost(r, true), clientAddress(r, true)]).toEqual(['https', 'jam.example', '10.0.0.1']);
    const plain = req({ host: 'jam.example' });
    expect([requestProtocol(plain, true), requestHost(plain, true), clientAddress(plain, true)]).toEqual(['http', 'jam.example', '10.0.0.9']);
  });
});
