// Builds every part with Vite: renderer, Electron main, preload, and the browser host.
// `--only=host,renderer` builds a subset.
import { build } from 'vite';

const all = ['renderer', 'main', 'preload', 'host'];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
for (const mode of only ?? all) {
  if (!all.includes(mode)) throw new Error(`unknown part "${mode}"`);
  await build({ mode, configFile: 'vite.config.ts', logLevel: 'warn' });
}
