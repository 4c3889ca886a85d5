/** Starts the real browser host (the built dist/host/browserHost.js) as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineNow, shiftOf } from '../../support/clock/calendar.mjs';

/** Runs the host on the test's timeline (see test/support/clock/calendar.mjs). */
const HOST_CLOCK = fileURLToPath(new URL('../../support/clock/hostClock.mjs', import.meta.url));

export interface HostProcess {
  url: string;
  dataDir: string;
  keychainService: string;
  child: ChildProcess;
  /** Everything the host printed, stdout and stderr. */
  output(): string;
  /** stdout alone. */
  stdout(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ledgerline-${prefix}-`));
}

export interface HostOptions {
  plaidUrl: string;
  moneykitUrl?: string;
  snaptradeUrl?: string;
  clientId: string;
  secret: string;
  dataDir?: string;
  keychainService?: string;
  /** The demo connections to make; only Plaid unless a test asks for more. */
  providers?: ('plaid' | 'moneykit' | 'snaptrade')[];
  env?: Record<string, string>;
}

export async function startHost(opts: HostOptions): Promise<HostProcess> {
  const entry = path.resolve(process.env.LEDGERLINE_OUT ?? 'dist', 'host/browserHost.js');
  if (!fs.existsSync(entry)) throw new Error('dist/host/browserHost.js is missing: run `npm run build` (npm test does).');
  const dataDir = opts.dataDir ?? tempDir('data');
  const keychainService = opts.keychainService ?? `ledgerline-e2e-${crypto.randomUUID()}`;
  const child = spawn(process.execPath, ['--import', HOST_CLOCK, entry], {
    env: {
      ...process.env,
      LEDGERLINE_CLOCK_OFFSET_MS: String(shiftOf()),
      LEDGERLINE_CLOCK_SPAWNED_AT: String(machineNow()),
      LEDGERLINE_DATA_DIR: dataDir,
      LEDGERLINE_KEYCHAIN_SERVICE: keychainService,
      LEDGERLINE_PLAID_URL: opts.plaidUrl,
      ...(opts.moneykitUrl ? { LEDGERLINE_MONEYKIT_URL: opts.moneykitUrl } : {}),
      ...(opts.snaptradeUrl ? { LEDGERLINE_SNAPTRADE_URL: opts.snaptradeUrl } : {}),
      LEDGERLINE_DEMO_PROVIDERS: (opts.providers ?? ['plaid']).join(','),
      LEDGERLINE_DEMO_CLIENT_ID: opts.clientId,
      LEDGERLINE_DEMO_SECRET: opts.secret,
      LEDGERLINE_RETRY_BASE_MS: '20',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /^LEDGERLINE_URL=(\S+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
  // The URL must be the first line the host prints on stdout.
  return {
    url, dataDir, keychainService, child,
    output: () => out,
    stdout: () => stdout,
    stop: (signal = 'SIGTERM') => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    }),
  };
}
