// A room store that cannot reach the database is retried with backoff until it lands: the document stays
// loaded meanwhile (Hocuspocus keeps it while a store runs), so no edit is lost to an outage.
import { isDbUnavailable } from '../db/unavailable.ts';
import type { Logger } from '../log.ts';

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;
/** Other errors (a bug, a constraint) are tried a few times only: retrying them forever would not help. */
const OTHER_ATTEMPTS = 3;

export async function storeWithRetry(store: () => Promise<void>, opts: { log: Logger; room: string; abandoned: () => boolean }) {
  let delayMs = FIRST_DELAY_MS;
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      await store();
      if (attempt > 1) opts.log.info({ room: opts.room, attempts: attempt }, 'room stored after the database came back');
      return;
    } catch (err) {
      const unavailable = isDbUnavailable(err);
      if (!unavailable && ++failures >= OTHER_ATTEMPTS) throw err;
      if (opts.abandoned()) return;
      if (attempt === 1) opts.log.warn({ room: opts.room, err: (err as Error).message?.split('\n').at(-1) }, 'room store failed: retrying until the database answers');
      await new Promise((r) => setTimeout(r, delayMs));
      delayMs = Math.min(MAX_DELAY_MS, delayMs * 2);
    }
  }
}
