/** The link driver for a configured provider, built from the user's settings. */
import type { LiveDeps, ProviderProfile } from '../settings/liveProviders';
import type { LinkDriver } from './linkDriver';
import { moneykitLinkDriver } from './moneykitLink';
import { plaidLinkDriver } from './plaidLink';
import { snaptradeLinkDriver } from './snaptradeLink';

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
