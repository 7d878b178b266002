// `npm start`: read config once, start, print the URL, stop cleanly on SIGINT/SIGTERM.
import { ensureDemoLibrary } from './catalog/local/demo.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startServer, version } from './server.ts';

let config;
try {
  config = loadConfig(process.env, version);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(78);
}
const log = createLogger(config.logLevel);
try {
  if (!config.pipedApiUrls.length) {
    // A newcomer without Piped gets music to play at once (only when the folder is empty).
    const written = await ensureDemoLibrary(config.musicDir);
    if (written.length) log.info({ dir: config.musicDir, files: written.length }, 'MUSIC_DIR was empty: wrote the generated demo library');
  }
  const running = await startServer(config, log);
  log.info({ url: running.url }, 'Jamroom is listening');
  console.log(`\n  Jamroom is running: open ${running.url}\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: storing rooms and closing the database');
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  log.fatal({ err: (err as Error).message }, 'could not start');
  console.error(`\n  Jamroom could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
