import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from './client.ts';

const respond = (status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  vi.fn(async () => new Response(body, { status, headers }));

afterEach(() => vi.unstubAllGlobals());

describe('api()', () => {
  it('sends JSON with same-origin credentials and returns the parsed body', async () => {
    const fetchMock = respond(201, JSON.stringify({ user: { id: 'u1' } }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(api('/auth/register', { json: { email: 'a@b.c' } })).resolves.toEqual({ user: { id: 'u1' } });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/auth/register');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(init.body).toBe('{"email":"a@b.c"}');
  });

  it('throws ApiError with status, code and message from the error body', async () => {
    vi.stubGlobal('fetch', respond(409, JSON.stringify({ error: { code: 'conflict', message: 'That username is taken' } })));
    const err = await api('/auth/register', { json: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'conflict', message: 'That username is taken' });
  });

  it('gives a readable message when the body is not an error body, and for network failures', async () => {
    vi.stubGlobal('fetch', respond(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }));
    await expect(api('/search', { query: { q: 'x', filter: undefined } })).rejects.toMatchObject({ status: 502, code: 'http_error' });
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(api('/home')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('builds the query string, skipping empty values', async () => {
    const fetchMock = respond(200, '[]');
    vi.stubGlobal('fetch', fetchMock);
    await api('/search', { query: { q: 'daft punk', filter: 'songs', cursor: undefined, page: '' } });
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/search?q=daft+punk&filter=songs');
  });
});
