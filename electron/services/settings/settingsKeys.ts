/**
 * Keychain entry names (accounts under the service `LEDGERLINE_KEYCHAIN_SERVICE`) for everything
 * secret that provider settings and connections need, and the provider facts shared by settings.
 */
import type { Provider } from '../../../shared/types';
import type { ProviderEntry } from './settingsStore';
import { accessTokenKey } from '../../core/secretStore';
import { PROVIDER_MODULES } from '../../providers/registry';

/** Plaid's secret, MoneyKit's client secret, SnapTrade's consumer key. */
export const providerSecretKey = (provider: Provider) => `provider:${provider}:secret`;

/** Every keychain entry that belongs to one connection; removing the connection deletes them all. */
export const connectionSecretKeys = (connectionId: string): string[] => [accessTokenKey(connectionId)];

/** The API base URL a provider is reached at: the override, else the provider's own for the environment. */
export function effectiveBaseUrl(provider: Provider, entry: Pick<ProviderEntry, 'environment' | 'baseUrl'>): string {
  return entry.baseUrl || PROVIDER_MODULES[provider].defaultBaseUrl(entry.environment);
}

/** The secret as the UI may see it: `••••` and its last 4 characters (only `••••` when it is too short to spare them). */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}
