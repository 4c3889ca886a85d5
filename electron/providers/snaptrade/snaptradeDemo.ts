/**
 * Demo mode's SnapTrade connection, made through SnapTrade's own Commercial flow against the demo
 * brokerage — the same calls a real connection makes:
 * 1. `registerSnapTradeUser` once per install; the returned userSecret goes to the keychain
 *    (`snaptrade:user-secret`, with the user id beside it) and nowhere else;
 * 2. `POST /snapTrade/login` → a connection-portal URL (redirectURI);
 * 3. the portal: a real connection opens the URL in the system browser and the user consents at
 *    their brokerage. The demo brokerage consents at once, so here main opens the URL itself (a GET
 *    to the demo server, which must be that same server) and that completes the connection;
 * 4. poll `GET /authorizations` until the new connection appears (the documented fallback for a
 *    desktop app without a redirect handler), then register it as a Ledgerline connection.
 * Idempotent: a later start reuses the user and connection, adopts a connection the registry lost,
 * and starts over when the demo server no longer knows the user (its state was not kept).
 *
 * Also the demo's "try a situation" controls for SnapTrade connections.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import { startSnaptradeBank, type SnaptradeFaultPlan } from '../../demo-banks/snaptrade/snaptradeBank';
import { demoWiring, type Situations } from '../demoControls';
import type { ConnectionStore } from '../../core/connectionStore';
import type { Logger } from '../../core/logger';
import type { SecretStore } from '../../core/secretStore';
import type { ProviderAdapter } from '../adapter';
import { describeIssue } from '../describeIssue';
import { sleep, type RetryPolicy } from '../retry';
import { errorCode } from './classifySnaptradeError';
import { snaptradeAdapter } from './snaptradeAdapter';
import { createSnaptradeApi, type RawResponse, type SnaptradeApi, type SnaptradeUser } from './snaptradeClient';
import { AuthorizationListSchema, LoginSchema, UserSchema, type SnaptradeAuthorization } from './snaptradeSchemas';

export const SNAPTRADE_USER_SECRET_KEY = 'snaptrade:user-secret';
export const SNAPTRADE_USER_ID_KEY = 'snaptrade:user-id';

export interface SnaptradeDemoDeps {
  baseUrl: string;
  clientId: string;
  consumerKey: string;
  connections: ConnectionStore;
  secrets: SecretStore;
  logger: Logger;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** How long to wait for the new connection to show up in GET /authorizations. */
const APPEAR_POLLS = 40;
const APPEAR_POLL_MS = 250;

/** Setup failures: one line, never a secret or a URL with its query. */
export class SnaptradeDemoError extends Error {
  override name = 'SnaptradeDemoError';
}

function ok<T>(res: RawResponse, what: string, schema: z.ZodType<T>): T {
  if (res.status < 200 || res.status >= 300) {
    const code = errorCode(res.data);
    throw new SnaptradeDemoError(`SnapTrade refused ${what} (HTTP ${res.status}${code ? `, code ${code}` : ''}).`);
  }
  const parsed = schema.safeParse(res.data);
  if (!parsed.success) throw new SnaptradeDemoError(`SnapTrade answered ${what} with ${describeIssue(parsed.error)}.`);
  return parsed.data;
}

const listAuthorizations = async (api: SnaptradeApi, user: SnaptradeUser): Promise<SnaptradeAuthorization[]> =>
  ok(await api.listAuthorizations(user), 'the connection list', AuthorizationListSchema);

/** The install's SnapTrade user: the stored one if the service still knows it, else a newly registered one. */
async function ensureUser(api: SnaptradeApi, secrets: SecretStore, logger: Logger): Promise<SnaptradeUser> {
  const userId = await secrets.get(SNAPTRADE_USER_ID_KEY);
  const userSecret = await secrets.get(SNAPTRADE_USER_SECRET_KEY);
  if (userId && userSecret) {
    logger.addSecret(userSecret);
    const probe = await api.listAuthorizations({ userId, userSecret });
    if (probe.status >= 200 && probe.status < 300) return { userId, userSecret };
    if (probe.status !== 401) throw new SnaptradeDemoError(`SnapTrade refused the stored demo user (HTTP ${probe.status}).`);
    logger.warn('the demo SnapTrade service no longer knows the stored user; registering a new one');
  }
  // Opaque and immutable, as SnapTrade asks: never an email or anything personal.
  const registered = ok(await api.registerUser({ userId: `ledgerline-${crypto.randomUUID()}` }), 'registering the demo user', UserSchema);
  logger.addSecret(registered.userSecret);
  // The secret first: a crash in between leaves a secret without an id, which is simply re-registered.
  await secrets.set(SNAPTRADE_USER_SECRET_KEY, registered.userSecret);
  await secrets.set(SNAPTRADE_USER_ID_KEY, registered.userId);
  logger.info(`registered demo SnapTrade user ${registered.userId}`);
  return registered;
}

/** Steps 2–4: the portal flow, completed by the demo brokerage's instant consent. */
async function connectThroughPortal(api: SnaptradeApi, user: SnaptradeUser, baseUrl: string, logger: Logger, timeoutMs: number): Promise<SnaptradeAuthorization> {
  const before = new Set((await listAuthorizations(api, user)).map((a) => a.id));
  const { redirectURI } = ok(await api.login({ ...user, connectionType: 'read', immediateRedirect: true }), 'the connection portal login', LoginSchema);
  logger.addSecret(redirectURI);
  const portal = new URL(redirectURI);
  const token = portal.searchParams.get('token');
  if (token) logger.addSecret(token);
  // Main only ever fetches the demo server itself: a redirect elsewhere is not followed.
  if (portal.origin !== new URL(baseUrl).origin) throw new SnaptradeDemoError('The demo SnapTrade service sent a portal URL on another origin.');
  const opened = await fetch(portal, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await opened.arrayBuffer();
  if (opened.status >= 400) throw new SnaptradeDemoError(`The demo connection portal refused the connection (HTTP ${opened.status}).`);
  for (let poll = 0; poll < APPEAR_POLLS; poll++) {
    const added = (await listAuthorizations(api, user)).find((a) => !before.has(a.id));
    if (added) return added;
    await sleep(APPEAR_POLL_MS);
  }
  throw new SnaptradeDemoError('The demo brokerage connection did not appear in SnapTrade.');
}

export async function setupSnaptradeDemo(deps: SnaptradeDemoDeps): Promise<{ adapter: ProviderAdapter }> {
  const { connections, logger } = deps;
  logger.addSecret(deps.consumerKey);
  const api = createSnaptradeApi({ basePath: deps.baseUrl, clientId: deps.clientId, consumerKey: deps.consumerKey, timeoutMs: deps.timeoutMs });
  const user = await ensureUser(api, deps.secrets, logger);

  const known = await listAuthorizations(api, user);
  // A demo connection whose authorization is gone (a new user, or a reset demo server) is unusable.
  for (const c of connections.list().filter((r) => r.provider === 'snaptrade' && r.demo)) {
    if (!known.some((a) => a.id === c.externalId)) connections.remove(c.id);
  }
  if (!connections.list().some((r) => r.provider === 'snaptrade' && r.demo)) {
    const authorization = known[0] ?? (await connectThroughPortal(api, user, deps.baseUrl, logger, deps.timeoutMs));
    const brokerage = authorization.brokerage;
    const record = connections.add({
      provider: 'snaptrade',
      institutionName: brokerage?.display_name ?? brokerage?.name ?? authorization.name ?? 'SnapTrade brokerage',
      institutionId: brokerage?.slug ?? brokerage?.id ?? null,
      demo: true,
      externalId: authorization.id,
    });
    logger.info(`created demo SnapTrade connection ${record.id}`);
  }
  return { adapter: snaptradeAdapter(api, user, deps.retry) };
}

// ─── "Try a situation" ──────────────────────────────────────────────────────────────────────────

/** What each demo situation means for the demo SnapTrade connection. */
export const SNAPTRADE_SITUATIONS: Situations<SnaptradeFaultPlan> = {
  newActivity: 'The demo brokerage has new activity: press Refresh now to fetch it.',
  plans: {
    login_required: {
      plan: { disabled: true },
      message: 'SnapTrade has now disabled the demo brokerage connection, as when a brokerage login expires. Press Refresh now to see how Ledgerline shows it.',
    },
    bank_outage: {
      plan: { brokerageDown: 50 },
      message: 'The demo brokerage is now not answering SnapTrade. Press Refresh now to see how Ledgerline retries and reports it.',
    },
    rate_limit: { plan: { rateLimit: 50 }, message: 'SnapTrade now rate-limits Ledgerline. Press Refresh now to see it.' },
    repair: { plan: { disabled: false }, message: 'The demo brokerage connection is working normally again. Press Refresh now.' },
  },
};

export const snaptradeDemo = demoWiring<SnaptradeFaultPlan>({
  bankLabel: 'brokerage',
  stateFile: 'demo-snaptrade.json',
  idField: 'authorization_id',
  situations: SNAPTRADE_SITUATIONS,
  async startBank({ secret, ...opts }) {
    const bank = await startSnaptradeBank({ ...opts, consumerKey: secret, adminHttp: false });
    return { url: bank.url, close: () => bank.close(), control: bank };
  },
  connect: async ({ secret, ...deps }) => (await setupSnaptradeDemo({ ...deps, consumerKey: secret })).adapter,
});
