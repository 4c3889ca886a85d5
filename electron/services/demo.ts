/**
 * Demo mode: with no provider credentials, Ledgerline runs on its embedded demo banks — a Plaid
 * bank, a MoneyKit credit union and a SnapTrade brokerage on 127.0.0.1 — and makes one demo
 * connection with each, through each provider's own linking flow. A provider whose URL is given
 * (LEDGERLINE_PLAID_URL, …) is used there instead of starting its embedded bank.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Provider } from '../../shared/types';
import type { ProviderAdapter } from '../providers/adapter';
import { MONEYKIT_SITUATIONS, setupMoneykitDemo } from '../providers/moneykit/moneykitDemo';
import { PLAID_SITUATIONS, setupPlaidDemo } from '../providers/plaid/plaidDemo';
import type { RetryPolicy } from '../providers/retry';
import { SNAPTRADE_SITUATIONS, setupSnaptradeDemo } from '../providers/snaptrade/snaptradeDemo';
import { startPlaidBank, type FaultPlan } from '../demo-banks/plaid/plaidBank';
import { startMoneykitBank, type MoneykitFaultPlan } from '../demo-banks/moneykit/moneykitBank';
import { startSnaptradeBank, type SnaptradeFaultPlan } from '../demo-banks/snaptrade/snaptradeBank';
import type { AppConfig } from './config';
import type { ConnectionStore } from './connectionStore';
import { demoSimulator, httpControl, inProcessControl, type DemoSimulator } from './demoControls';
import type { Logger } from './logger';
import type { SecretStore } from './secretStore';

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

  // Without a keychain the tokens die with the process, so the banks' state must too.
  const stateFile = (name: string) => (secrets.available ? { stateFile: path.join(config.dataDir, name) } : {});
  const bankLog = (name: string) => (line: string) => logger.info(`demo ${name}: ${line}`);
  const closers: (() => Promise<void>)[] = [];
  const common = { connections, logger, timeoutMs: config.requestTimeoutMs, retry: deps.retry };

  const starters: Record<Provider, () => Promise<DemoProvider>> = {
    plaid: async () => {
      let url = config.plaidUrl;
      let simulate: DemoSimulator;
      if (url) {
        simulate = demoSimulator(httpControl<FaultPlan>(url, 'item_id'), PLAID_SITUATIONS);
      } else {
        const bank = await startPlaidBank({ seed: config.demoSeed, clientId, secret, adminHttp: false, logger: bankLog('bank'), ...stateFile('demo-bank.json') });
        closers.push(() => bank.close());
        url = bank.plaidUrl;
        simulate = demoSimulator(inProcessControl<FaultPlan>(bank), PLAID_SITUATIONS);
      }
      const { adapter } = await setupPlaidDemo({ ...common, baseUrl: url, clientId, secret, secrets });
      return { adapter, simulate };
    },
    moneykit: async () => {
      let url = config.moneykitUrl;
      let simulate: DemoSimulator;
      if (url) {
        simulate = demoSimulator(httpControl<MoneykitFaultPlan>(url, 'link_id'), MONEYKIT_SITUATIONS);
      } else {
        const bank = await startMoneykitBank({ seed: config.demoSeed, clientId, clientSecret: secret, adminHttp: false, logger: bankLog('credit union'), ...stateFile('demo-moneykit.json') });
        closers.push(() => bank.close());
        url = bank.url;
        simulate = demoSimulator(inProcessControl<MoneykitFaultPlan>(bank), MONEYKIT_SITUATIONS);
      }
      const { adapter } = await setupMoneykitDemo({ ...common, baseUrl: url, clientId, clientSecret: secret });
      return { adapter, simulate };
    },
    snaptrade: async () => {
      let url = config.snaptradeUrl;
      let simulate: DemoSimulator;
      if (url) {
        simulate = demoSimulator(httpControl<SnaptradeFaultPlan>(url, 'authorization_id'), SNAPTRADE_SITUATIONS);
      } else {
        const bank = await startSnaptradeBank({ seed: config.demoSeed, clientId, consumerKey: secret, adminHttp: false, logger: bankLog('brokerage'), ...stateFile('demo-snaptrade.json') });
        closers.push(() => bank.close());
        url = bank.url;
        simulate = demoSimulator(inProcessControl<SnaptradeFaultPlan>(bank), SNAPTRADE_SITUATIONS);
      }
      const { adapter } = await setupSnaptradeDemo({ ...common, baseUrl: url, clientId, consumerKey: secret, secrets });
      return { adapter, simulate };
    },
  };

  // Demo connections of providers left out of this run are dropped: nothing could sync them.
  for (const c of connections.list().filter((r) => r.demo && !config.demoProviders.includes(r.provider))) connections.remove(c.id);

  const providers: Demo['providers'] = {};
  const failures: Demo['failures'] = {};
  for (const provider of config.demoProviders) {
    try {
      providers[provider] = await starters[provider]();
    } catch (e) {
      // One demo provider failing to start must not take the others (or the app) down with it.
      failures[provider] = e instanceof Error ? e.message : String(e);
      logger.error(`demo ${provider} could not start: ${failures[provider]}`);
    }
  }
  return { providers, failures, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}
