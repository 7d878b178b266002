// Test helpers: accounts made through the real API.
import type { TestServer } from '../../test/helpers.ts';

export type TestUser = { id: string; username: string; email: string; password: string; token: string; bearer: { authorization: string } };

let n = 0;
export async function registerUser(server: TestServer, username = `user_${process.pid}_${++n}`, password = 'correct horse battery'): Promise<TestUser> {
  const email = `${username}@example.com`;
  const res = await server.api('/api/auth/register', { method: 'POST', json: { email, username, password } });
  if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  const { user, token } = res.body;
  return { id: user.id, username: user.username, email: user.email, password, token, bearer: { authorization: `Bearer ${token}` } };
}

/** The cookie header a browser would send back after this response. */
export function cookieFrom(headers: Headers): string {
  return headers.getSetCookie().map((c) => c.split(';')[0]).filter((c) => !c.endsWith('=')).join('; ');
}
