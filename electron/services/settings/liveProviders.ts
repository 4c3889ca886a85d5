/**
 * Real providers, built from the user's settings: the adapter that syncs (and removes) non-demo
 * connections, and "Test connection" — one cheap authenticated call per provider that proves the
 * keys work without touching any user data. Nothing here logs or returns a thrown SDK error: an
 * AxiosError's config carries the Plaid secret, a SnapTrade URL the user secret.
 */
import { CountryCode, Products } from 'plaid';
import type { Provider } from '../../../shared/types';
import type { ProviderAdapter, RemovalOutcome } from '../../providers/adapter';
import { classifyMoneykitError } from '../../providers/moneykit/classifyMoneykitError';
import { moneykitAdapter } from '../../providers/moneykit/moneykitAdapter';
import { createMoneykitClient } from '../../providers/moneykit/moneykitClient';
import { MoneykitRequestError } from '../../providers/moneykit/moneykitFailure';
import { plaidAdapter } from '../../providers/plaid/plaidAdapter';
import { createPlaidApi } from '../../providers/plaid/plaidClient';
import { PlaidErrorSchema } from '../../providers/plaid/plaidSchemas';
import type { RetryPolicy } from '../../providers/retry';
import { classifyStatus, classifyThrown } from '../../providers/snaptrade/classifySnaptradeError';
import { snaptradeAdapter } from '../../providers/snaptrade/snaptradeAdapter';
import { createSnaptradeApi, type SnaptradeApi } from '../../providers/snaptrade/snaptradeClient';
import type { Logger } from '../../core/logger';
import type { SecretStore } from '../../core/secretStore';
import { UserFacingError } from '../../core/userFacingError';
import { PROVIDER_NAMES, SNAPTRADE_LIVE_USER_ID_KEY, SNAPTRADE_LIVE_USER_SECRET_KEY, describeBase } from './settingsKeys';

/** Everything needed to talk to one provider with the user's keys. */
export interface ProviderProfile {
  provider: Provider;
  environment: 'sandbox' | 'production';
  clientId: string;
  /** Plaid's secret, MoneyKit's client secret, SnapTrade's consumer key. */
  secret: string;
  /** Effective base URL (the override or the provider's default). */
  baseUrl: string;
}

export interface TestResult {
  ok: boolean;
  message: string;
}

export interface LiveDeps {
  secrets: SecretStore;
  logger: Logger;
  retry: RetryPolicy;
  timeoutMs: number;
}

/** The live adapter for one configured provider. */
export function buildLiveAdapter(profile: ProviderProfile, deps: LiveDeps): ProviderAdapter {
  deps.logger.addSecret(profile.secret);
  switch (profile.provider) {
    case 'plaid':
      return plaidAdapter(createPlaidApi({ basePath: profile.baseUrl, clientId: profile.clientId, secret: profile.secret, timeoutMs: deps.timeoutMs }), deps.retry);
    case 'moneykit':
      return moneykitAdapter(
        createMoneykitClient(
          { baseUrl: profile.baseUrl, clientId: profile.clientId, clientSecret: profile.secret, timeoutMs: deps.timeoutMs },
          { onSecret: (value) => deps.logger.addSecret(value) },
        ),
        deps.retry,
      );
    case 'snaptrade':
      return snaptradeWithStoredUser(
        createSnaptradeApi({ basePath: profile.baseUrl, clientId: profile.clientId, consumerKey: profile.secret, timeoutMs: deps.timeoutMs }),
        deps,
      );
  }
}

/**
 * SnapTrade connections belong to the install's SnapTrade user, registered when the first brokerage
 * is connected; it is read from the keychain on each use, so one registered later is picked up.
 */
function snaptradeWithStoredUser(api: SnaptradeApi, deps: LiveDeps): ProviderAdapter {
  const withUser = async (): Promise<ProviderAdapter> => {
    const userId = await deps.secrets.get(SNAPTRADE_LIVE_USER_ID_KEY);
    const userSecret = await deps.secrets.get(SNAPTRADE_LIVE_USER_SECRET_KEY);
    if (!userId || !userSecret) throw new UserFacingError('No SnapTrade user is set up in the keychain for these keys; connect the brokerage again.');
    deps.logger.addSecret(userSecret);
    return snaptradeAdapter(api, { userId, userSecret }, deps.retry);
  };
  return {
    perConnectionToken: false,
    pull: async (input) => (await withUser()).pull(input),
    refresh: async (ref) => (await withUser()).refresh(ref),
    async remove(ref): Promise<RemovalOutcome> {
      let adapter: ProviderAdapter;
      try {
        adapter = await withUser();
      } catch (e) {
        if (e instanceof UserFacingError) return { kind: 'failed', reason: e.message };
        throw e;
      }
      return adapter.remove(ref);
    },
  };
}

/** A dummy end user for the test link token: no item is made and no data read. */
const TEST_USER = 'ledgerline-settings-check';

/**
 * Test connection: Plaid `POST /link/token/create` (answers INVALID_API_KEYS for bad keys in every
 * environment and makes no item), MoneyKit `POST /auth/token`, SnapTrade `GET /snapTrade/listUsers`
 * (signed with the consumer key). Messages are fixed sentences: never a secret, a URL's query, or
 * the provider's free text.
 */
export async function testCredentials(profile: ProviderProfile, deps: Pick<LiveDeps, 'logger' | 'timeoutMs'>): Promise<TestResult> {
  deps.logger.addSecret(profile.secret);
  const name = PROVIDER_NAMES[profile.provider];
  const where = describeBase(profile.baseUrl);
  const unreachable = (why: string): TestResult => ({ ok: false, message: `${name} ${why} at ${where}. Check the network and the API base URL.` });
  switch (profile.provider) {
    case 'plaid': {
      const api = createPlaidApi({ basePath: profile.baseUrl, clientId: profile.clientId, secret: profile.secret, timeoutMs: deps.timeoutMs });
      try {
        const { data } = await api.linkTokenCreate({
          client_name: 'Ledgerline',
          language: 'en',
          country_codes: [CountryCode.Us],
          user: { client_user_id: TEST_USER },
          products: [Products.Transactions],
        });
        deps.logger.addSecret(data.link_token);
        return { ok: true, message: `Plaid accepted the keys (${profile.environment}).` };
      } catch (thrown) {
        const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as { code?: string; response?: { status?: number; data?: unknown } };
        if (e.response?.status === undefined) return unreachable(e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' ? 'timed out' : 'could not be reached');
        const body = PlaidErrorSchema.safeParse(e.response.data);
        if (!body.success) return { ok: false, message: `Plaid answered HTTP ${e.response.status} without an error description; is the API base URL right?` };
        const code = body.data.error_code;
        if (code === 'INVALID_API_KEYS') return { ok: false, message: 'Plaid refused the client id or secret.' };
        if (e.response.status >= 500) return { ok: false, message: `Plaid had a server error (${code}); try again later.` };
        return { ok: false, message: `Plaid accepted the keys but refused a test request (${code}); check that the keys have the Transactions product.` };
      }
    }
    case 'moneykit': {
      const client = createMoneykitClient(
        { baseUrl: profile.baseUrl, clientId: profile.clientId, clientSecret: profile.secret, timeoutMs: deps.timeoutMs },
        { onSecret: (value) => deps.logger.addSecret(value) },
      );
      try {
        await client.verifyCredentials();
        return { ok: true, message: 'MoneyKit accepted the keys.' };
      } catch (thrown) {
        if (!(thrown instanceof MoneykitRequestError)) return { ok: false, message: 'Talking to MoneyKit failed unexpectedly.' };
        const f = thrown.failure;
        if (f.kind === 'network') return unreachable(f.reason === 'timeout' ? 'timed out' : 'could not be reached');
        if (f.kind === 'http' && (f.status === 400 || f.status === 401 || f.status === 403)) return { ok: false, message: 'MoneyKit refused the client id or secret.' };
        return { ok: false, message: classifyMoneykitError(thrown).error.message };
      }
    }
    case 'snaptrade': {
      const api = createSnaptradeApi({ basePath: profile.baseUrl, clientId: profile.clientId, consumerKey: profile.secret, timeoutMs: deps.timeoutMs });
      try {
        const res = await (api.listUsers?.() ?? Promise.reject(new Error('listUsers missing')));
        if (res.status >= 200 && res.status < 300) return { ok: true, message: 'SnapTrade accepted the keys.' };
        if (res.status === 401 || res.status === 403) return { ok: false, message: 'SnapTrade refused the client id or consumer key.' };
        const failure = classifyStatus(res.status, res.data, res.headers);
        return { ok: false, message: failure.kind === 'waiting' ? failure.message : failure.error.message };
      } catch (thrown) {
        const failure = classifyThrown(thrown);
        if (failure === null) return { ok: false, message: 'Talking to SnapTrade failed unexpectedly.' };
        if (failure.kind === 'retry' && failure.error.code === 'provider_unavailable') return unreachable('could not be reached');
        return { ok: false, message: failure.kind === 'waiting' ? failure.message : failure.error.message };
      }
    }
  }
}
