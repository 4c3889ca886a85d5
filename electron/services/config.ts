/** Runtime configuration from the environment; the one place that reads process.env. */
import path from 'node:path';
import os from 'node:os';
import { PROVIDERS, type Provider } from '../../shared/types';

export interface AppConfig {
  /** Where main keeps its files (connection registry, demo-bank state, logs). */
  dataDir: string;
  keychainService: string;
  /**
   * Replace a provider's embedded demo bank (demo mode) — e.g. `npm run demo-banks`: null runs the
   * embedded one. From `LEDGERLINE_<PROVIDER>_URL` (`LEDGERLINE_PLAID_URL`, …).
   */
  demoBankUrls: Record<Provider, string | null>;
  /** Demo-bank API credentials when talking to an external demo bank. */
  demoClientId: string | null;
  demoSecret: string | null;
  demoSeed: number;
  /** Which demo connections to make in demo mode (`LEDGERLINE_DEMO_PROVIDERS=plaid,moneykit`). */
  demoProviders: Provider[];
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

function providersFrom(env: Env, name: string): Provider[] {
  const raw = env[name]?.trim();
  if (!raw) return [...PROVIDERS];
  const list = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = list.filter((p) => !(PROVIDERS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`${name} lists unknown providers: ${unknown.join(', ')} (known: ${PROVIDERS.join(', ')})`);
  return PROVIDERS.filter((p) => list.includes(p));
}

function urlFrom(env: Env, name: string): string | null {
  const raw = env[name]?.trim() || null;
  if (raw !== null && !/^https?:\/\/\S+$/.test(raw)) throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  return raw;
}

function demoBankUrlsFrom(env: Env): Record<Provider, string | null> {
  const urls = {} as Record<Provider, string | null>;
  for (const p of PROVIDERS) urls[p] = urlFrom(env, `LEDGERLINE_${p.toUpperCase()}_URL`);
  return urls;
}

/** The installed app's keychain service: where the user's real provider secrets and tokens live. */
export const INSTALLED_KEYCHAIN_SERVICE = 'Ledgerline';
/**
 * The browser host's (`npm run web`, tests, bench): a development run on the same machine must never
 * read, use or delete the installed app's secrets, so by default it does not even see them.
 */
export const DEV_KEYCHAIN_SERVICE = 'ledgerline-dev';

/** The Electron app's configuration; `defaultDataDir` is Electron's userData folder. */
export function loadConfig(env: Env = process.env, defaultDataDir?: string): AppConfig {
  return configFrom(env, { dataDir: defaultDataDir ?? path.join(os.homedir(), '.ledgerline'), keychainService: INSTALLED_KEYCHAIN_SERVICE });
}

/** The browser host's configuration: data in `<cwd>/.ledgerline-data`, secrets apart from the installed app's. */
export function loadHostConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  return configFrom(env, { dataDir: path.join(cwd, '.ledgerline-data'), keychainService: DEV_KEYCHAIN_SERVICE });
}

function configFrom(env: Env, defaults: { dataDir: string; keychainService: string }): AppConfig {
  return {
    dataDir: path.resolve(env.LEDGERLINE_DATA_DIR || defaults.dataDir),
    keychainService: env.LEDGERLINE_KEYCHAIN_SERVICE?.trim() || defaults.keychainService,
    demoBankUrls: demoBankUrlsFrom(env),
    demoClientId: env.LEDGERLINE_DEMO_CLIENT_ID?.trim() || null,
    demoSecret: env.LEDGERLINE_DEMO_SECRET?.trim() || null,
    demoSeed: intFrom(env, 'LEDGERLINE_DEMO_SEED', 20261121),
    demoProviders: providersFrom(env, 'LEDGERLINE_DEMO_PROVIDERS'),
    retryBaseMs: intFrom(env, 'LEDGERLINE_RETRY_BASE_MS', 1000),
    requestTimeoutMs: intFrom(env, 'LEDGERLINE_REQUEST_TIMEOUT_MS', 30_000),
  };
}
