/**
 * Demo mode's Plaid: the embedded demo bank, the demo connection — made exactly as a Plaid sandbox
 * integration makes one: /sandbox/public_token/create (First Platypus Bank, transactions) →
 * /item/public_token/exchange — and what each "try a situation" means for it.
 */
import { Products } from 'plaid';
import { startPlaidBank, type FaultPlan } from '../../demo-banks/plaid/plaidBank';
import { demoWiring, type Situations } from '../demoControls';
import { accessTokenKey } from '../../core/secretStore';
import type { ProviderAdapter } from '../adapter';
import type { DemoDeps } from '../provider';
import { plaidAdapter } from './plaidAdapter';
import { createPlaidApi } from './plaidClient';

export const PLAID_DEMO_INSTITUTION = { id: 'ins_109508', name: 'First Platypus Bank' } as const;

export async function setupPlaidDemo(deps: DemoDeps): Promise<{ adapter: ProviderAdapter }> {
  const { connections, secrets, logger } = deps;
  const api = createPlaidApi({ basePath: deps.baseUrl, clientId: deps.clientId, secret: deps.secret, timeoutMs: deps.timeoutMs });
  // A demo connection whose token is gone (no keychain last time, or a wiped keychain) is unusable.
  for (const c of connections.list().filter((r) => r.demo && r.provider === 'plaid')) {
    const token = await secrets.get(accessTokenKey(c.id));
    if (token) logger.addSecret(token);
    else connections.remove(c.id);
  }
  if (!connections.list().some((r) => r.demo && r.provider === 'plaid')) {
    const { data: pub } = await api.sandboxPublicTokenCreate({
      institution_id: PLAID_DEMO_INSTITUTION.id,
      initial_products: [Products.Transactions],
      options: { override_username: 'user_transactions_dynamic' },
    });
    logger.addSecret(pub.public_token);
    const { data: exchanged } = await api.itemPublicTokenExchange({ public_token: pub.public_token });
    logger.addSecret(exchanged.access_token);
    const record = connections.add({
      provider: 'plaid',
      institutionName: PLAID_DEMO_INSTITUTION.name,
      institutionId: PLAID_DEMO_INSTITUTION.id,
      demo: true,
      externalId: exchanged.item_id,
    });
    await secrets.set(accessTokenKey(record.id), exchanged.access_token);
    logger.info(`created demo Plaid connection ${record.id}`);
  }
  return { adapter: plaidAdapter(api, deps.retry) };
}

/** What each demo situation means for the demo Plaid item. */
export const PLAID_SITUATIONS: Situations<FaultPlan> = {
  newActivity: 'The demo bank has new activity: press Refresh now to fetch it.',
  plans: {
    login_required: { plan: { loginRequired: true }, message: 'The demo bank now requires you to sign in again. Press Refresh now to see how Ledgerline shows it.' },
    bank_outage: { plan: { institutionDown: 50 }, message: 'The demo bank is now down. Press Refresh now to see how Ledgerline retries and reports it.' },
    rate_limit: { plan: { rateLimit: 50 }, message: 'The demo bank now rate-limits Ledgerline. Press Refresh now to see it.' },
    repair: { plan: {}, message: 'The demo bank is working normally again. Press Refresh now.' },
  },
};

export const plaidDemo = demoWiring<FaultPlan>({
  bankLabel: 'bank',
  stateFile: 'demo-bank.json',
  idField: 'item_id',
  situations: PLAID_SITUATIONS,
  async startBank(opts) {
    // Demo mode shows the balance check (a stale pending the bank settles without telling the feed)
    // and the household: this item's checking pays the bills and the demo MoneyKit card.
    const bank = await startPlaidBank({ ...opts, adminHttp: false, unreportedSettle: true, household: 'payer' });
    return { url: bank.plaidUrl, close: () => bank.close(), control: bank };
  },
  connect: async (deps) => (await setupPlaidDemo(deps)).adapter,
});
