/**
 * One Vite config, four builds (selected by mode): the renderer, Electron's main process, the
 * sandboxed preload (a single CommonJS file, as sandboxed preloads require), and the Node programs
 * that run without Electron (the browser host and the standalone demo bank).
 */
import path from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './shared/csp.ts';

const cspMeta = (): Plugin => ({
  name: 'ledgerline-csp',
  transformIndexHtml: (html) =>
    html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
});

/** Where the builds go: `dist`, or another folder (LEDGERLINE_OUT) so parallel work never shares one. */
const OUT = path.resolve(process.env.LEDGERLINE_OUT ?? 'dist');

const nodeTarget = { target: 'node20', emptyOutDir: false, sourcemap: true, minify: false } as const;

const configs: Record<string, UserConfig> = {
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), cspMeta()],
    // One bundle on purpose: it loads from local disk, where a split would only add round trips.
    build: { outDir: path.join(OUT, 'renderer'), emptyOutDir: true, target: 'chrome120', sourcemap: true, chunkSizeWarningLimit: 1024 },
  },
  main: {
    build: {
      ...nodeTarget,
      outDir: path.join(OUT, 'electron'),
      ssr: 'electron/main.ts',
      rollupOptions: { output: { format: 'es', entryFileNames: 'main.js' } },
    },
  },
  preload: {
    build: {
      ...nodeTarget,
      outDir: path.join(OUT, 'electron'),
      lib: { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  },
  host: {
    build: {
      ...nodeTarget,
      outDir: path.join(OUT, 'host'),
      ssr: true,
      rollupOptions: {
        input: { browserHost: 'electron/host/browserHost.ts', demoBanks: 'electron/demo-banks/standalone.ts' },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
};

export default defineConfig(({ mode }) => {
  const config = configs[mode === 'production' || mode === 'development' ? 'renderer' : mode];
  if (!config) throw new Error(`unknown build mode "${mode}" (renderer, main, preload, host)`);
  return config;
});
