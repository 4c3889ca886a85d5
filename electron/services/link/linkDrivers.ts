/** The link driver for a configured provider, built from the user's settings. */
import type { LiveDeps, ProviderProfile } from '../settings/liveProviders';
import type { LinkDriver } from './linkDriver';
import { moneykitLinkDriver } from './moneykitLink';
import { plaidLinkDriver, plaidSandboxDriver } from './plaidLink';
import { UserFacingError } from '../../core/userFacingError';
import { snaptradeLinkDriver } from './snaptradeLink';

/** A direct test-item driver: only Plaid, only in its sandbox environment. */
export function buildSandboxDriver(profile: ProviderProfile, deps: LiveDeps): LinkDriver {
  if (profile.provider !== 'plaid' || profile.environment !== 'sandbox') {
    throw new UserFacingError('Adding a connection without signing in exists only for Plaid in its sandbox environment.');
  }
  return plaidSandboxDriver(profile, deps);
}

export function buildLinkDriver(profile: ProviderProfile, deps: LiveDeps): LinkDriver {
  switch (profile.provider) {
    case 'plaid':
      return plaidLinkDriver(profile, deps);
    case 'moneykit':
      return moneykitLinkDriver(profile, deps);
    case 'snaptrade':
      return snaptradeLinkDriver(profile, deps);
  }
}
