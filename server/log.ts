import { formatWithOptions } from 'node:util';
import { pino, type Level, type Logger } from 'pino';

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

type ConsoleMethod = 'error' | 'warn';
export type ConsoleRoute = {
  /** A path fragment of the library's files, e.g. '/node_modules/@hocuspocus/'. */
  from: string;
  log: Logger;
  /** The level of one line; by default the console method's. */
  level?: (method: ConsoleMethod, args: unknown[]) => Level;
};

const routes: ConsoleRoute[] = [];
const patched = new Map<ConsoleMethod, { original: (...args: unknown[]) => void; routed: (...args: unknown[]) => void }>();

/** The file of the function that called `below` (V8 call sites, so no stack text is parsed). */
function callerFile(below: (...args: unknown[]) => void): string {
  const { prepareStackTrace, stackTraceLimit } = Error;
  try {
    Error.stackTraceLimit = 1;
    Error.prepareStackTrace = (_, sites) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, below);
    return (holder.stack?.[0]?.getFileName() ?? '').replace(/\\/g, '/');
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * Sends what a library without a logger option (Hocuspocus) writes with console.error/console.warn to
 * our logger instead: one JSON line with the level, the message, and an Error argument as `err`. Only
 * lines whose caller is a file of that library move; everything else on the console is left as it was, so
 * nothing unrelated is hijacked. With several routes for one library (servers in one test process) the
 * latest wins. Returns the function that removes the route (and the patch with the last route).
 */
export function routeConsole(route: ConsoleRoute): () => void {
  if (routes.length === 0) {
    for (const method of ['error', 'warn'] as const) {
      const original = console[method];
      const routed = (...args: unknown[]) => {
        const file = callerFile(routed);
        const match = routes.findLast((r) => file.includes(r.from));
        if (!match) return original.apply(console, args);
        const err = args.find((a) => a instanceof Error);
        const msg = formatWithOptions({ breakLength: Infinity }, ...args.filter((a) => a !== err)) || ((err as Error | undefined)?.message ?? '');
        match.log[match.level?.(method, args) ?? method](err ? { err } : {}, msg);
      };
      patched.set(method, { original, routed });
      console[method] = routed;
    }
  }
  routes.push(route);
  return () => {
    const i = routes.indexOf(route);
    if (i < 0) return;
    routes.splice(i, 1);
    if (routes.length > 0) return;
    // Undone only while still ours: whoever wrapped console after us keeps their wrapper.
    for (const [method, { original, routed }] of patched) if (console[method] === routed) console[method] = original;
    patched.clear();
  };
}
