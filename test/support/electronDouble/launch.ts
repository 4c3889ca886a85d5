/**
 * Test side: runs the built app (`dist/electron/main.js`, unchanged) on the Electron double in a
 * child Node process, and hands the test the same shape Playwright's `_electron.launch` gives —
 * firstWindow(), evaluate(fn, arg) in main, close() — plus what the double records.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type * as ElectronModule from 'electron';
import type { ControlMessage, ControlRequest } from './control';

type Electron = typeof ElectronModule;

/** What a test needs of an Electron app, met by the double and by Playwright's ElectronApplication. */
export interface ElectronAppLike {
  firstWindow(): Promise<Page>;
  evaluate<R>(fn: (electron: Electron) => R | Promise<R>): Promise<R>;
  close(): Promise<void>;
}

export interface Recorded {
  what: string;
  detail: unknown;
}

export interface DoubleLaunchOptions {
  /** The built main, default `<LEDGERLINE_OUT|dist>/electron/main.js`. */
  main?: string;
  env: Record<string, string>;
  /** Electron's userData (and Chromium's profile inside it). */
  userData: string;
  chromium: string;
  chromiumArgs: readonly string[];
}

const OUT = path.resolve(process.env.LEDGERLINE_OUT ?? 'dist');
const BUNDLE = path.join(OUT, 'electron-double');

/** Bundles the double (TypeScript) next to the build, so its imports resolve from this repo's node_modules. */
async function buildDouble(): Promise<void> {
  const here = path.resolve('test/support/electronDouble');
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: BUNDLE,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      ssr: true,
      rollupOptions: {
        input: { register: path.join(here, 'register.ts'), hooks: path.join(here, 'hooks.ts'), electron: path.join(here, 'electron.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
        preserveEntrySignatures: 'strict',
      },
    },
  });
}

export class ElectronDoubleApp implements ElectronAppLike {
  readonly records: Recorded[] = [];
  private out = '';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly recordWaiters: (() => void)[] = [];
  private browser: Browser | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.out += d.toString()));
    child.on('message', (raw) => {
      const m = raw as ControlMessage;
      if (m.t === 'record') {
        this.records.push({ what: m.what, detail: m.detail });
        for (const w of this.recordWaiters.splice(0)) w();
      } else {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(`in main: ${m.error}`));
      }
    });
    child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`the app exited:\n${this.out}`));
      this.pending.clear();
      for (const w of this.recordWaiters.splice(0)) w();
    });
  }

  static async launch(opts: DoubleLaunchOptions): Promise<ElectronDoubleApp> {
    const main = opts.main ?? path.join(OUT, 'electron/main.js');
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm test does).`);
    await buildDouble();
    const child = spawn(process.execPath, ['--import', path.join(BUNDLE, 'register.js'), main], {
      env: {
        ...process.env,
        ...opts.env,
        LEDGERLINE_DOUBLE_USER_DATA: opts.userData,
        LEDGERLINE_DOUBLE_CHROMIUM: opts.chromium,
        LEDGERLINE_DOUBLE_CHROMIUM_ARGS: JSON.stringify(opts.chromiumArgs),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const app = new ElectronDoubleApp(child);
    const ready = await app.waitForRecord('ready', 60_000);
    app.browser = await chromium.connectOverCDP((ready.detail as { endpoint: string }).endpoint);
    return app;
  }

  output(): string {
    return this.out;
  }

  /** The first record named `what` (already there or still to come). */
  async waitForRecord(what: string, timeoutMs = 30_000): Promise<Recorded> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.find((r) => r.what === what);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`the app exited before "${what}":\n${this.out}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${what}" from the app within ${timeoutMs} ms:\n${this.out}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.recordWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async firstWindow(): Promise<Page> {
    const { targetId } = (await this.waitForRecord('window')).detail as { targetId: string };
    const context = this.browser?.contexts()[0];
    if (!context) throw new Error('not connected to the double\'s Chromium');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      for (const page of context.pages()) {
        const cdp = await context.newCDPSession(page);
        const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
        await cdp.detach();
        if (targetInfo.targetId === targetId) return page;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the first window\'s page never appeared');
  }

  evaluate<R>(fn: (electron: Electron) => R | Promise<R>): Promise<R> {
    return this.request({ t: 'evaluate', source: fn.toString() }) as Promise<R>;
  }

  /** Clicks an item of the application menu by its labels, e.g. ['View', 'Refresh now']. */
  clickMenu(labels: string[]): Promise<boolean> {
    return this.request({ t: 'menu', labels }) as Promise<boolean>;
  }

  emitPower(event: 'resume' | 'suspend' | 'unlock-screen'): Promise<void> {
    return this.request({ t: 'power', event }) as Promise<void>;
  }

  answerNextSaveDialog(answer: { canceled: boolean; filePath?: string }): Promise<void> {
    return this.request({ t: 'saveDialog', answer }) as Promise<void>;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    await this.browser?.close().catch(() => undefined);
    await this.request({ t: 'quit' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private request(m: DistributiveOmit<ControlRequest, 'id'>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...m, id } as ControlRequest);
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
