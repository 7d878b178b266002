// Wires config → stores → app → one HTTP server (REST + websocket sync) and tears it down again.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from './app.ts';
import { Cache } from './cache/cache.ts';
import { MemoryStore } from './cache/memory.ts';
import { createCatalog } from './catalog/catalog.ts';
import { createRedis, RedisStore, waitForRedis } from './cache/redis.ts';
import type { Config } from './config.ts';
import { createDb } from './db/client.ts';
import { prepareDatabase, type PreparedDatabase } from './db/prepare.ts';
import type { Deps } from './deps.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { createLogger, type Logger } from './log.ts';
import { createHocuspocus, routeHocuspocusConsole, syncExtensions } from './sync/hocuspocus.ts';
import { createSyncRedis } from './sync/redis.ts';
import { attachSync } from './sync/websocket.ts';

export const version: string = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')).version;

export type RunningServer = { url: string; port: number; deps: Deps; close: () => Promise<void> };

export type StartOptions = {
  /** The database, when the caller began starting and migrating it already (server/main.ts does, in parallel). */
  database?: Promise<PreparedDatabase>;
};

export async function startServer(config: Config, log: Logger = createLogger(config.logLevel), opts: StartOptions = {}): Promise<RunningServer> {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch((err) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    cleanups.push(routeHocuspocusConsole(log));
    // PostgreSQL starts and migrates while Redis connects and Prisma loads its engine; it stops last.
    const database = await (opts.database ?? prepareDatabase(config, log));
    cleanups.push(() => database.close());
    let redis: Deps['redis'];
    let redisReady: Promise<boolean> | undefined;
    if (config.redisUrl) {
      redis = createRedis(config.redisUrl, config.redisKeyPrefix);
      let warned = false;
      redis.on('error', (err) => {
        if (!warned) log.warn({ err: err.message }, 'Redis unreachable: serving uncached until it is back; check REDIS_URL');
        warned = true;
      });
      redis.on('ready', () => { if (warned) log.info('Redis is back'); warned = false; });
      redisReady = waitForRedis(redis);
      cleanups.push(() => redis?.disconnect());
    }
    const db = createDb(database.url);
    cleanups.push(() => db.$disconnect());
    // Loading the engine is a few hundred ms the first request would wait for; it needs no connection
    // yet (and if this fails, the first query tries again and reports it).
    const engineLoaded = db.$connect().catch(() => undefined);
    await database.ready;
    await engineLoaded;

    let cache: Cache;
    if (redis) {
      await redisReady;
      cache = new Cache(new RedisStore(redis));
      log.info('cache: redis');
    } else {
      cache = new Cache(new MemoryStore());
      cleanups.push(() => cache.store.close());
      log.info('cache: single-node cache (in-process; set REDIS_URL to share it across nodes)');
    }

    const hocuspocus = createHocuspocus();
    const catalog = createCatalog(config, { db, cache, log });
    cleanups.push(() => catalog.close());
    const deps: Deps = { config, db, cache, redis, log, hocuspocus, rateLimiter: new RateLimiter(redis), catalog };
    // With Redis, rooms sync across nodes; its connections close after every document is stored (below).
    const relay = createSyncRedis(config, log);
    if (relay) cleanups.push(() => relay.onDestroy());
    hocuspocus.configure({ extensions: syncExtensions(deps, relay) });

    const app = createApp(deps);
    // A client that sends its headers or its request slowly is cut off (408) instead of holding a socket:
    // Node checks every connectionsCheckingInterval, so a check every 30 s (the default) would stretch them.
    const server = http.createServer({
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(config.httpHeadersTimeoutMs / 4)),
    }, app.callback());
    const wss = attachSync(server, hocuspocus, { trustProxy: config.trustProxy, maxPerAddress: config.wsMaxPerAddress, log });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(
        err.code === 'EADDRINUSE' ? new Error(`Port ${config.port} on ${config.host} is in use: stop the other process or set PORT to another port.`) : err,
      ));
      server.listen(config.port, config.host, resolve);
    });
    cleanups.push(() => new Promise((r) => server.close(r)));
    cleanups.push(async () => {
      // Store every loaded document before the database goes away: close the sockets (each last
      // disconnect stores and unloads its document), run pending stores now, wait for them to finish.
      for (const c of wss.clients) c.terminate();
      wss.close();
      const deadline = Date.now() + 15_000;
      while (hocuspocus.documents.size > 0 && Date.now() < deadline) {
        hocuspocus.flushPendingStores();
        await Promise.all([...hocuspocus.documents.values()].map((d) => hocuspocus.unloadDocument(d)));
        if (hocuspocus.documents.size > 0) await new Promise((r) => setTimeout(r, 20));
      }
    });
    const port = (server.address() as AddressInfo).port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
    let closing: Promise<void> | undefined;
    return { url, port, deps, close: () => (closing ??= cleanup()) };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
