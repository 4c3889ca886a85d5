/**
 * Plaid with the user's keys: the live adapter, and "Test connection" — `POST /link/token/create`,
 * which answers INVALID_API_KEYS for bad keys in every environment and makes no item. Nothing here
 * logs or returns a thrown SDK error: an AxiosError's config carries the Plaid secret.
 */
import { CountryCode, PlaidEnvironments, Products } from 'plaid';
import type { ProviderAdapter } from '../adapter';
import { unreachable } from '../credentialTest';
import type { Environment, LiveDeps, ProviderProfile, TestResult } from '../provider';
import { plaidAdapter } from './plaidAdapter';
import { createPlaidApi } from './plaidClient';
import { PlaidErrorSchema } from './plaidSchemas';

const PLAID_DEFAULTS = { sandbox: 'https://sandbox.plaid.com', production: 'https://production.plaid.com' } as const;

export function plaidBaseUrl(environment: Environment): string {
  return (environment === 'production' ? PlaidEnvironments.production : PlaidEnvironments.sandbox) ?? PLAID_DEFAULTS[environment];
}

export function plaidLiveAdapter(profile: ProviderProfile, deps: LiveDeps): ProviderAdapter {
  deps.logger.addSecret(profile.secret);
  return plaidAdapter(createPlaidApi({ basePath: profile.baseUrl, clientId: profile.clientId, secret: profile.secret, timeoutMs: deps.timeoutMs }), deps.retry);
}

/** A dummy end user for the test link token: no item is made and no data read. */
const TEST_USER = 'ledgerline-settings-check';

export async function testPlaidCredentials(profile: ProviderProfile, deps: Pick<LiveDeps, 'logger' | 'timeoutMs'>): Promise<TestResult> {
  deps.logger.addSecret(profile.secret);
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
    if (e.response?.status === undefined) return unreachable('Plaid', profile.baseUrl, e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' ? 'timed out' : 'could not be reached');
    const body = PlaidErrorSchema.safeParse(e.response.data);
    if (!body.success) return { ok: false, message: `Plaid answered HTTP ${e.response.status} without an error description; is the API base URL right?` };
    const code = body.data.error_code;
    if (code === 'INVALID_API_KEYS') return { ok: false, message: 'Plaid refused the client id or secret.' };
    if (e.response.status >= 500) return { ok: false, message: `Plaid had a server error (${code}); try again later.` };
    return { ok: false, message: `Plaid accepted the keys but refused a test request (${code}); check that the keys have the Transactions product.` };
  }
}
