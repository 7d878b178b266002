// The database a server runs on: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR; migrated either way.
// Its URL is known at once (the embedded one's port is picked first), so the Prisma client can load its
// engine while PostgreSQL is still starting.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { embeddedUrl, freePort, startEmbeddedPostgres, type EmbeddedDb } from './embedded.ts';
import { migrateDatabase } from './migrate.ts';

export type PreparedDatabase = {
  url: string;
  /** Resolves once it is up and migrated. */
  ready: Promise<void>;
  /** Stops the embedded PostgreSQL (after its start, if that is under way); once, however many callers. */
  close: () => Promise<void>;
};

export async function prepareDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, log: Logger): Promise<PreparedDatabase> {
  const port = config.databaseUrl ? 0 : await freePort();
  const url = config.databaseUrl ?? embeddedUrl(port);
  let embedded: Promise<EmbeddedDb> | undefined;
  if (!config.databaseUrl) {
    log.info({ dataDir: config.dataDir }, 'starting embedded PostgreSQL (set DATABASE_URL to use your own)');
    embedded = startEmbeddedPostgres({ dataDir: config.dataDir, port, onLog: (l) => log.debug({ pg: l }) });
    embedded.then(() => log.debug({ ms: Math.round(performance.now()) }, 'embedded PostgreSQL is up'), () => undefined);
  }
  const ready = (async () => {
    await embedded;
    try {
      log.info(await migrateDatabase(url));
    } catch (err) {
      throw new Error(`${(err as Error).message}\nCheck that PostgreSQL is running and DATABASE_URL is right.`);
    }
  })();
  ready.catch(() => undefined); // its awaiter reports it
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => { await (await embedded?.catch(() => undefined))?.stop(); })());
  return { url, ready, close };
}
