import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs. Secrets are redacted wherever they might appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['password', '*.password', '*.currentPassword', '*.newPassword', 'token', '*.token',
        'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie',
        'databaseUrl', 'redisUrl', '*.databaseUrl', '*.redisUrl'],
      censor: '[redacted]',
    },
  });
}
