import { createHash, randomBytes } from 'node:crypto';

/** Token kinds are told apart by prefix: s_ a user's session, g_ a guest's room membership. */
export type TokenKind = 's' | 'g';

/** An opaque random token (256 bits). Only its hash is stored. */
export const newToken = (kind: TokenKind) => `${kind}_${randomBytes(32).toString('base64url')}`;
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const tokenKind = (token: string): TokenKind | null => (/^[sg]_[A-Za-z0-9_-]{43}$/.test(token) ? (token[0] as TokenKind) : null);
