/**
 * The providers main knows: one row per provider, each a `ProviderModule` from its own folder.
 * Everything outside providers/ that needs a provider's adapter, link driver, credential test,
 * error classification or demo wiring looks it up here — there is no `switch (provider)` anywhere
 * else. Its name, secret label and sync floor are in the shared table (shared/providers.ts), which
 * this one is keyed by. Adding a provider is one folder, one row here and one row there
 * (docs/ARCHITECTURE.md, "Adding a provider").
 */
import { PROVIDERS, providerName, type Provider } from '../../shared/providers';
import { UserFacingError } from '../core/userFacingError';
import type { LinkDriver } from './linkDriver';
import { moneykitProvider } from './moneykit/moneykitProvider';
import { plaidProvider } from './plaid/plaidProvider';
import type { LiveDeps, ProviderModule, ProviderProfile } from './provider';
import { snaptradeProvider } from './snaptrade/snaptradeProvider';

export const PROVIDER_MODULES: { readonly [P in Provider]: ProviderModule<P> } = {
  plaid: plaidProvider,
  moneykit: moneykitProvider,
  snaptrade: snaptradeProvider,
};

/** A direct test-item driver, for a provider that has one, in its sandbox environment only. */
export function buildSandboxDriver(profile: ProviderProfile, deps: LiveDeps): LinkDriver {
  const driver = PROVIDER_MODULES[profile.provider].sandboxLinkDriver;
  if (!driver || profile.environment !== 'sandbox') {
    const which = PROVIDERS.filter((p) => PROVIDER_MODULES[p].sandboxLinkDriver).map(providerName).join(' or ');
    throw new UserFacingError(`Adding a connection without signing in exists only for ${which} in its sandbox environment.`);
  }
  return driver(profile, deps);
}

/** The link driver for a configured provider, built from the user's settings. */
export const buildLinkDriver = (profile: ProviderProfile, deps: LiveDeps): LinkDriver => PROVIDER_MODULES[profile.provider].linkDriver(profile, deps);
