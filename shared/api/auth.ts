// Accounts and sessions: request validators and response shapes for /api/auth.
import { z } from 'zod';

/** Stored lower-cased, so uniqueness is case-insensitive; only ASCII letters, digits, `_` and `.`. */
export const UsernameSchema = z.string().trim()
  .regex(/^[A-Za-z0-9_.]{3,32}$/, 'use 3–32 characters: letters a–z, digits, "_" or "."')
  .toLowerCase();
export const EmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('not an email address'));
export const PasswordSchema = z.string().min(8, 'use at least 8 characters').max(256, 'use at most 256 characters');
/** A guest token held by someone who registers or signs in: that guest's membership becomes theirs. */
const GuestTokenField = z.string().max(200).optional();

export const RegisterRequestSchema = z.object({
  email: EmailSchema,
  username: UsernameSchema,
  password: PasswordSchema,
  guestToken: GuestTokenField,
});
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

export const LoginRequestSchema = z.object({
  /** Email or username. */
  login: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(256),
  guestToken: GuestTokenField,
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UpdateMeRequestSchema = z.object({
  username: UsernameSchema.optional(),
  /** Required with newPassword. */
  currentPassword: z.string().max(256).optional(),
  newPassword: PasswordSchema.optional(),
}).refine((b) => b.username !== undefined || b.newPassword !== undefined, 'send username or newPassword')
  .refine((b) => b.newPassword === undefined || b.currentPassword !== undefined, { message: 'send currentPassword to change the password', path: ['currentPassword'] });
export type UpdateMeRequest = z.infer<typeof UpdateMeRequestSchema>;

export const DeleteMeRequestSchema = z.object({ password: z.string().min(1).max(256) });
export type DeleteMeRequest = z.infer<typeof DeleteMeRequestSchema>;

export type User = { id: string; email: string; username: string; createdAt: string };
export type MeResponse = { user: User };
/** GET /api/auth/session: who is signed in on this browser, null for a visitor. */
export type SessionResponse = { user: User | null };
/** The token is the session token, also set as an httpOnly cookie; non-browser clients send it as Bearer. */
export type AuthResponse = { user: User; token: string };
