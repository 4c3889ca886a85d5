/**
 * The three providers as the link-flow test drives them: their demo bank (the user's "real"
 * provider account), its truth per linked connection, how to break a login, and whether main's
 * link driver for the provider is in (electron/providers/registry.ts looks it up).
 */
import { startPlaidBank, type PlaidBank } from '../../../electron/demo-banks/plaid/plaidBank';
import { startMoneykitBank, type MoneykitBank } from '../../../electron/demo-banks/moneykit/moneykitBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../../electron/demo-banks/snaptrade/snaptradeBank';
import type { Provider } from '../../../shared/types';

export interface LinkCase {
  provider: Provider;
  /** As the dialog and Settings name it. */
  name: string;
  clientId: string;
  secret: string;
  start(): Promise<void>;
  close(): Promise<void>;
  /** The base URL the user enters as the override in Settings. */
  url(): string;
  /** Ledgerline's ids ("plaid:<transaction_id>") of the connection's live transactions at the bank. */
  truthIds(externalId: string): Set<string>;
  /** New activity at the bank, so the sync after signing in again has something to bring. */
  advance(externalId: string): void;
  /** Makes the provider refuse the connection until the user signs in again. */
  breakLogin(externalId: string): void;
  issuedSecrets(): string[];
  /** How many connections (items, links, authorizations) the bank knows. */
  itemCount(): number;
}

export function linkCases(seed: number): Record<Provider, LinkCase> {
  let plaid: PlaidBank | undefined;
  let moneykit: MoneykitBank | undefined;
  let snaptrade: SnaptradeBank | undefined;
  const need = <T>(bank: T | undefined, name: string): T => {
    if (!bank) throw new Error(`the ${name} bank is not started`);
    return bank;
  };
  return {
    plaid: {
      provider: 'plaid', name: 'Plaid', clientId: 'link-e2e-plaid-client', secret: 'plaid-link-typed-secret-R4t6y8u0',
      async start() {
        plaid = await startPlaidBank({ seed, clientId: this.clientId, secret: this.secret, tickIntervalMs: null, adminHttp: true, profile: { historyDays: 20 } });
      },
      close: async () => plaid?.close(),
      url: () => need(plaid, 'Plaid').plaidUrl,
      truthIds: (item) => new Set(need(plaid, 'Plaid').truth(item).transactions.map((t) => `plaid:${t.transaction_id}`)),
      advance: (item) => need(plaid, 'Plaid').advance(item, 1),
      breakLogin: (item) => need(plaid, 'Plaid').setFaults(item, { loginRequired: true }),
      issuedSecrets: () => plaid?.issuedSecrets() ?? [],
      itemCount: () => need(plaid, 'Plaid').items().length,
    },
    moneykit: {
      provider: 'moneykit', name: 'MoneyKit', clientId: 'link-e2e-moneykit-client', secret: 'moneykit-link-typed-secret-P3o5i7u9',
      async start() {
        moneykit = await startMoneykitBank({ seed, clientId: this.clientId, clientSecret: this.secret, adminHttp: true, profile: { historyDays: 20 } });
      },
      close: async () => moneykit?.close(),
      url: () => need(moneykit, 'MoneyKit').url,
      truthIds: (link) => new Set(need(moneykit, 'MoneyKit').truth(link).transactions.map((t) => `moneykit:${t.transaction_id}`)),
      advance: (link) => need(moneykit, 'MoneyKit').advance(link, 1),
      breakLogin: (link) => need(moneykit, 'MoneyKit').setFaults(link, { authExpired: true }),
      issuedSecrets: () => moneykit?.issuedSecrets() ?? [],
      itemCount: () => need(moneykit, 'MoneyKit').links().length,
    },
    snaptrade: {
      provider: 'snaptrade', name: 'SnapTrade', clientId: 'link-e2e-snaptrade-client', secret: 'snaptrade-link-typed-key-L2k4j6h8',
      async start() {
        snaptrade = await startSnaptradeBank({ seed, clientId: this.clientId, consumerKey: this.secret, dailySync: false, adminHttp: true, profile: { historyDays: 30 } });
      },
      close: async () => snaptrade?.close(),
      url: () => need(snaptrade, 'SnapTrade').url,
      truthIds: (auth) => new Set(Object.values(need(snaptrade, 'SnapTrade').truth(auth).activities).flat().map((a) => `snaptrade:${a.id}`)),
      advance: (auth) => need(snaptrade, 'SnapTrade').advance(auth, 1),
      breakLogin: (auth) => need(snaptrade, 'SnapTrade').setFaults(auth, { disabled: true }),
      issuedSecrets: () => snaptrade?.issuedSecrets() ?? [],
      itemCount: () => need(snaptrade, 'SnapTrade').authorizations().length,
    },
  };
}
