// Password hashing: argon2id with OWASP's minimum (m=19456 KiB, t=2, p=1), rehashed when these change.
import argon2 from 'argon2';

const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id, ...PARAMS });

// A hash of a random password, verified when the user does not exist so both cases do the same work.
let dummyHash: Promise<string> | undefined;

/** Checks password against hash (null: unknown user, still costs one verification). */
export async function verifyPassword(hash: string | null, password: string): Promise<{ ok: boolean; needsRehash: boolean }> {
  const digest = hash ?? (await (dummyHash ??= hashPassword(crypto.randomUUID())));
  const ok = await argon2.verify(digest, password).catch(() => false);
  return { ok: ok && hash !== null, needsRehash: ok && argon2.needsRehash(digest, PARAMS) };
}
