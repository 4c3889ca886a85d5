/**
 * Demo mode: with no provider credentials, Ledgerline runs on its embedded demo banks — a Plaid
 * bank, a MoneyKit credit union and a SnapTrade brokerage on 127.0.0.1 — and makes one demo
 * connection with each, through each provider's own linking flow. A provider whose URL is given
 * (LEDGERLINE_PLAID_URL, …) is used there instead of starting its embedded bank. What is
 * provider-specific (which bank, which situations, how the demo connection is made) is each
 * provider's `demo` wiring in the registry (electron/providers/registry.ts); this is the one loop.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Provider } from '../../shared/types';
import type { ConnectionStore } from '../core/connectionStore';
import type { Logger } from '../core/logger';
import type { SecretStore } from '../core/secretStore';
import type { ProviderAdapter } from '../providers/adapter';
import type { DemoSimulator } from '../providers/demoControls';
import { PROVIDER_MODULES } from '../providers/registry';
import type { RetryPolicy } from '../providers/retry';
import type { AppConfig } from './config';

/** One API secret for every demo bank, kept in the keychain like a real provider secret. */
const DEMO_SECRET_KEY = 'demo:api-secret';

export interface DemoProvider {
  adapter: ProviderAdapter;
  simulate: DemoSimulator;
}

export interface Demo {
  providers: Partial<Record<Provider, DemoProvider>>;
  /** Why a demo provider could not start, for the log and the UI. */
  failures: Partial<Record<Provider, string>>;
  close(): Promise<void>;
}

interface Deps {
  config: AppConfig;
  secrets: SecretStore;
  connections: ConnectionStore;
  logger: Logger;
  retry: RetryPolicy;
}

export async function setupDemo(deps: Deps): Promise<Demo> {
  const { config, secrets, connections, logger } = deps;
  const clientId = config.demoClientId ?? 'ledgerline-demo';
  let secret = config.demoSecret ?? (await secrets.get(DEMO_SECRET_KEY));
  if (!secret) {
    secret = crypto.randomBytes(24).toString('base64url');
    await secrets.set(DEMO_SECRET_KEY, secret);
  }
  logger.addSecret(secret);
  const demoSecret = secret;

  // Without a keychain the tokens die with the process, so the banks' state must too.
  const stateFile = (name: string) => (secrets.available ? { stateFile: path.join(config.dataDir, name) } : {});
  const bankLog = (name: string) => (line: string) => logger.info(`demo ${name}: ${line}`);
  const closers: (() => Promise<void>)[] = [];
  const common = { connections, logger, timeoutMs: config.requestTimeoutMs, retry: deps.retry };

  /** One provider's demo: its embedded bank (or the external one configured), then its demo connection. */
  const start = async (provider: Provider): Promise<DemoProvider> => {
    const demo = PROVIDER_MODULES[provider].demo;
    let url = config.demoBankUrls[provider];
    let simulate: DemoSimulator;
    if (url) {
      simulate = demo.externalSimulator(url);
    } else {
      const bank = await demo.startBank({ seed: config.demoSeed, clientId, secret: demoSecret, logger: bankLog(demo.bankLabel), ...stateFile(demo.stateFile) });
      closers.push(() => bank.close());
      url = bank.url;
      simulate = bank.simulate;
    }
    const adapter = await demo.connect({ ...common, baseUrl: url, clientId, secret: demoSecret, secrets });
    return { adapter, simulate };
  };

  // Demo connections of providers left out of this run are dropped: nothing could sync them.
  for (const c of connections.list().filter((r) => r.demo && !config.demoProviders.includes(r.provider))) connections.remove(c.id);

  const providers: Demo['providers'] = {};
  const failures: Demo['failures'] = {};
  for (const provider of config.demoProviders) {
    try {
      providers[provider] = await start(provider);
    } catch (e) {
      // One demo provider failing to start must not take the others (or the app) down with it.
      failures[provider] = e instanceof Error ? e.message : String(e);
      logger.error(`demo ${provider} could not start: ${failures[provider]}`);
    }
  }
  return { providers, failures, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}
