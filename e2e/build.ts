// The e2e tests serve the production build; build it once per run (Vite takes ~3 s).
import path from 'node:path';
import { build } from 'vite';

let built: Promise<void> | null = null;

export function buildClient(): Promise<void> {
  built ??= build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn' }).then(() => undefined);
  return built;
}
