// Tells "the database cannot be reached right now" apart from every other database error: the first is
// answered with 503 and retried by background writers, the others are real failures.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);
// 08xxx connection exceptions, 57P01..57P03 shutdown / cannot connect now, 53300 too many connections.
const PG_CODES = /^(08...|57P0[123]|53300)$/;
const MESSAGES = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|Can't reach database|connection timeout|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error|Connection is closed/i;

type Cause = { kind?: string; originalCode?: string; code?: string };

export function isDbUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: Cause } }; cause?: unknown };
  if (typeof e.code === 'string' && (PRISMA_CODES.has(e.code) || PG_CODES.test(e.code))) return true;
  const cause = e.meta?.driverAdapterError?.cause;
  if (cause && (ADAPTER_KINDS.has(cause.kind ?? '') || PG_CODES.test(cause.originalCode ?? cause.code ?? ''))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  return isDbUnavailable(e.cause, depth + 1);
}
