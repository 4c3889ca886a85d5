/**
 * Demo mode's MoneyKit connection: made through MoneyKit's own linking flow against the demo bank's
 * MoneyKit face (Acorn Credit Union), and the "try a situation" controls for it.
 *
 * The flow is the production one minus the browser: POST /link-session → (the user consents in
 * MoneyKit Connect, which hands the app an exchangeable token) → POST /link-session/exchange-token
 * → a link. In the demo bank consent completes by itself and the link-session token doubles as the
 * exchangeable token (documented in electron/demo-banks/moneykit/linkStore.ts), so no window is needed.
 */
import { startMoneykitBank, type MoneykitFaultPlan } from '../../demo-banks/moneykit/moneykitBank';
import { demoWiring, type Situations } from '../demoControls';
import type { ConnectionRecord, ConnectionStore } from '../../core/connectionStore';
import type { Logger } from '../../core/logger';
import type { ProviderAdapter } from '../adapter';
import type { RetryPolicy } from '../retry';
import { moneykitAdapter } from './moneykitAdapter';
import { createMoneykitClient, type MoneykitClient } from './moneykitClient';
import { MoneykitRequestError } from './moneykitFailure';

/** MoneyKit's customer_user.id (4..150 chars): the demo's one user. */
export const MONEYKIT_DEMO_USER_ID = 'ledgerline-demo-user';
/** Where Connect would return to; MoneyKit requires one without a query string. Unused by the demo bank. */
const DEMO_REDIRECT_URI = 'https://ledgerline.app/moneykit/connected';

export interface MoneykitDemoDeps {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  connections: ConnectionStore;
  logger: Logger;
  timeoutMs: number;
  retry: RetryPolicy;
}

/**
 * Ensures exactly one demo MoneyKit connection exists, linked at the demo bank, and returns the
 * adapter that serves it. A recorded demo link the bank no longer knows (an ephemeral bank was
 * restarted) or has deleted is replaced; extra demo MoneyKit connections are removed.
 */
export async function setupMoneykitDemo(deps: MoneykitDemoDeps): Promise<{ adapter: ProviderAdapter }> {
  const { connections, logger } = deps;
  const client = createMoneykitClient(
    { baseUrl: deps.baseUrl, clientId: deps.clientId, clientSecret: deps.clientSecret, timeoutMs: deps.timeoutMs },
    { onSecret: (value) => logger.addSecret(value) },
  );
  let kept: ConnectionRecord | null = null;
  for (const record of connections.list().filter((c) => c.demo && c.provider === 'moneykit')) {
    if (kept === null && (await linkStillExists(client, record.externalId))) {
      kept = record;
      continue;
    }
    connections.remove(record.id);
    logger.info(`removed demo MoneyKit connection ${record.id} (${kept === null ? 'its link is gone' : 'a duplicate'})`);
  }
  if (kept === null) {
    const sessionToken = await client.createLinkSession({
      customer_user: { id: MONEYKIT_DEMO_USER_ID },
      redirect_uri: DEMO_REDIRECT_URI,
      settings: { products: { transactions: { required: true, prefetch: true } } },
    });
    const link = await client.exchangeToken(sessionToken);
    const record = connections.add({
      provider: 'moneykit',
      institutionName: link.institution_name,
      institutionId: link.institution_id,
      demo: true,
      externalId: link.link_id,
    });
    logger.info(`created demo MoneyKit connection ${record.id}`);
  }
  return { adapter: moneykitAdapter(client, deps.retry) };
}

/** False only when MoneyKit says the link is gone; any other trouble is not a reason to drop it. */
async function linkStillExists(client: MoneykitClient, linkId: string): Promise<boolean> {
  try {
    return (await client.getLink(linkId)).state !== 'deleted';
  } catch (e) {
    if (e instanceof MoneykitRequestError && e.failure.kind === 'http' && (e.failure.status === 404 || e.failure.status === 410)) return false;
    throw e;
  }
}

// ─── "Try a situation" ──────────────────────────────────────────────────────────────────────────

/** What each demo situation means for the demo MoneyKit link. */
export const MONEYKIT_SITUATIONS: Situations<MoneykitFaultPlan> = {
  newActivity: 'The demo credit union has new activity: press Refresh now to fetch it.',
  plans: {
    login_required: {
      plan: { authExpired: true },
      message: 'The demo credit union now requires you to sign in again. Press Refresh now to see how Ledgerline shows it.',
    },
    bank_outage: {
      plan: { serverError: 50 },
      message: 'MoneyKit is now failing for the demo credit union. Press Refresh now to see how Ledgerline retries and reports it.',
    },
    rate_limit: {
      // Longer than a sync waits, so the connection shows when it can try again.
      plan: { rateLimit: 50, retryAfterSeconds: 120 },
      message: 'MoneyKit now rate-limits Ledgerline for the demo credit union. Press Refresh now to see it.',
    },
    repair: { plan: {}, message: 'The demo credit union is working normally again. Press Refresh now.' },
  },
};

export const moneykitDemo = demoWiring<MoneykitFaultPlan>({
  bankLabel: 'credit union',
  stateFile: 'demo-moneykit.json',
  idField: 'link_id',
  situations: MONEYKIT_SITUATIONS,
  async startBank({ secret, ...opts }) {
    // Demo mode's household: this link's card receives the demo Plaid checking's monthly payment.
    const bank = await startMoneykitBank({ ...opts, clientSecret: secret, adminHttp: false, household: 'card' });
    return { url: bank.url, close: () => bank.close(), control: bank };
  },
  connect: async ({ secret, ...deps }) => (await setupMoneykitDemo({ ...deps, clientSecret: secret })).adapter,
});
