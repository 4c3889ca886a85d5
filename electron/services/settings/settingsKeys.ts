/**
 * Keychain entry names (accounts under the service `LEDGERLINE_KEYCHAIN_SERVICE`) for everything
 * secret that provider settings and connections need, and the provider facts shared by settings.
 */
import { PlaidEnvironments } from 'plaid';
import type { Provider } from '../../../shared/types';
import type { ProviderEntry } from './settingsStore';
import { MONEYKIT_BASE_URL } from '../../providers/moneykit/moneykitClient';
import { accessTokenKey } from '../../core/secretStore';

/** Plaid's secret, MoneyKit's client secret, SnapTrade's consumer key. */
export const providerSecretKey = (provider: Provider) => `provider:${provider}:secret`;

/** The SnapTrade user (Commercial keys) that real connections belong to; the demo's user is kept apart. */
export const SNAPTRADE_LIVE_USER_ID_KEY = 'provider:snaptrade:user-id';
export const SNAPTRADE_LIVE_USER_SECRET_KEY = 'provider:snaptrade:user-secret';

/** Every keychain entry that belongs to one connection; removing the connection deletes them all. */
export const connectionSecretKeys = (connectionId: string): string[] => [accessTokenKey(connectionId)];

export const PROVIDER_NAMES: Record<Provider, string> = { plaid: 'Plaid', moneykit: 'MoneyKit', snaptrade: 'SnapTrade' };

/** What each provider calls the secret half of its key pair. */
export const SECRET_NAMES: Record<Provider, string> = { plaid: 'secret', moneykit: 'secret', snaptrade: 'consumer key' };

const PLAID_DEFAULTS = { sandbox: 'https://sandbox.plaid.com', production: 'https://production.plaid.com' } as const;

export const SNAPTRADE_BASE_URL = 'https://api.snaptrade.com';

/** The API base URL a provider is reached at: the override, else the provider's own for the environment. */
export function effectiveBaseUrl(provider: Provider, entry: Pick<ProviderEntry, 'environment' | 'baseUrl'>): string {
  if (entry.baseUrl) return entry.baseUrl;
  switch (provider) {
    case 'plaid':
      return (entry.environment === 'production' ? PlaidEnvironments.production : PlaidEnvironments.sandbox) ?? PLAID_DEFAULTS[entry.environment];
    case 'moneykit':
      return MONEYKIT_BASE_URL; // one host; the key pair decides the environment
    case 'snaptrade':
      return SNAPTRADE_BASE_URL;
  }
}

/** The secret as the UI may see it: `••••` and its last 4 characters (only `••••` when it is too short to spare them). */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}

/** Where a provider is, for a message: the origin only (a URL could carry userinfo). */
export function describeBase(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured address';
  }
}
