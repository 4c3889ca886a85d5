/** Runtime configuration from the environment; the one place that reads process.env. */
import path from 'node:path';
import os from 'node:os';

export interface AppConfig {
  /** Where main keeps its files (connection registry, demo-bank state, logs). */
  dataDir: string;
  keychainService: string;
  /** Replaces the embedded demo bank's Plaid server (demo mode) — e.g. `npm run sandbox`. */
  plaidUrl: string | null;
  /** Demo-bank API credentials when talking to an external demo bank. */
  demoClientId: string | null;
  demoSecret: string | null;
  demoSeed: number;
  /** Base delay of the retry backoff (ms); tests shorten it. */
  retryBaseMs: number;
  /** Per-request timeout towards providers (ms). */
  requestTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

function intFrom(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: Env = process.env, defaultDataDir?: string): AppConfig {
  const plaidUrl = env.LEDGERLINE_PLAID_URL?.trim() || null;
  if (plaidUrl !== null && !/^https?:\/\/[^\s]+$/.test(plaidUrl)) {
    throw new Error(`LEDGERLINE_PLAID_URL must be an http(s) URL, got "${plaidUrl}"`);
  }
  return {
    dataDir: path.resolve(env.LEDGERLINE_DATA_DIR || defaultDataDir || path.join(os.homedir(), '.ledgerline')),
    keychainService: env.LEDGERLINE_KEYCHAIN_SERVICE?.trim() || 'Ledgerline',
    plaidUrl,
    demoClientId: env.LEDGERLINE_DEMO_CLIENT_ID?.trim() || null,
    demoSecret: env.LEDGERLINE_DEMO_SECRET?.trim() || null,
    demoSeed: intFrom(env, 'LEDGERLINE_DEMO_SEED', 20261121),
    retryBaseMs: intFrom(env, 'LEDGERLINE_RETRY_BASE_MS', 1000),
    requestTimeoutMs: intFrom(env, 'LEDGERLINE_REQUEST_TIMEOUT_MS', 30_000),
  };
}
