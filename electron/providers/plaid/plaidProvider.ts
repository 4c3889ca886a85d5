/** Plaid as main sees it: the one object `registry.ts` lists (see provider.ts for the shape). */
import type { ProviderModule } from '../provider';
import { classifyPlaidError } from './classifyPlaidError';
import { plaidDemo } from './plaidDemo';
import { plaidLinkDriver, plaidSandboxDriver } from './plaidLink';
import { plaidBaseUrl, plaidLiveAdapter, testPlaidCredentials } from './plaidLive';

export const plaidProvider: ProviderModule<'plaid'> = {
  id: 'plaid',
  classifyError: classifyPlaidError,
  defaultBaseUrl: plaidBaseUrl,
  liveAdapter: plaidLiveAdapter,
  testCredentials: testPlaidCredentials,
  linkDriver: plaidLinkDriver,
  sandboxLinkDriver: plaidSandboxDriver,
  demo: plaidDemo,
};
