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

/** The boot read's chunk (renderer/src/boot.ts): it and the two modules it imports, nothing else. */
const BOOT_CHUNK = 'boot';
const BOOT_MODULES = /renderer[\\/]src[\\/](boot|db[\\/]bootRead|db[\\/]identity)\.ts$/;

/**
 * Runs the boot chunk as the page's first script. The bundle imports it (and gets the module that
 * already ran: a module runs once per page), but as the bundle's import it would only run once the
 * whole 0.66 MB bundle had loaded and compiled; as a script of its own it runs as soon as the page
 * is parsed, so the database opens while the bundle loads (renderer/src/db/bootRead.ts).
 */
const bootFirst = (): Plugin => ({
  name: 'ledgerline-boot-first',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (html, ctx) => {
      const boot = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === BOOT_CHUNK);
      if (!boot) throw new Error('the build has no boot chunk (vite.config.ts: BOOT_MODULES)');
      if (boot.type === 'chunk' && boot.imports.length > 0) throw new Error(`the boot chunk imports ${boot.imports.join(', ')}: it must run alone`);
      const entry = /<script type="module" crossorigin src="[^"]+"><\/script>/.exec(html);
      if (!entry) throw new Error('index.html has no entry script after the build');
      return html.replace(entry[0], `<script type="module" crossorigin src="./${boot.fileName}"></script>\n    ${entry[0]}`);
    },
  },
});

/** Where the builds go: `dist`, or another folder (LEDGERLINE_OUT) so parallel work never shares one. */
const OUT = path.resolve(process.env.LEDGERLINE_OUT ?? 'dist');

const nodeTarget = { target: 'node20', emptyOutDir: false, sourcemap: true, minify: false } as const;

const configs: Record<string, UserConfig> = {
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), cspMeta(), bootFirst()],
    // The first screen's code in one chunk (it loads from local disk, where more chunks would only
    // add round trips), the boot read's small chunk before it (see bootFirst), and each view loaded
    // on first use in its own (renderer/src/ui/LazyViews.tsx).
    build: {
      outDir: path.join(OUT, 'renderer'),
      emptyOutDir: true,
      target: 'chrome120',
      sourcemap: true,
      chunkSizeWarningLimit: 1024,
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: BOOT_CHUNK, test: BOOT_MODULES, priority: 2 },
              // Everything the first screen imports in one chunk, however many lazy views share it
              // (left alone, the bundler splits each module shared with a lazy view into a chunk
              // of its own: 15 requests at start instead of 2).
              { name: 'app', tags: ['$initial'], priority: 1 },
            ],
          },
        },
      },
    },
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
