/** MoneyKit as main sees it: the one object `registry.ts` lists (see provider.ts for the shape). */
import type { ProviderModule } from '../provider';
import { classifyMoneykitError } from './classifyMoneykitError';
import { MONEYKIT_BASE_URL } from './moneykitClient';
import { moneykitDemo } from './moneykitDemo';
import { moneykitLinkDriver } from './moneykitLink';
import { moneykitLiveAdapter, testMoneykitCredentials } from './moneykitLive';

export const moneykitProvider: ProviderModule<'moneykit'> = {
  id: 'moneykit',
  classifyError: classifyMoneykitError,
  defaultBaseUrl: () => MONEYKIT_BASE_URL, // one host; the key pair decides the environment
  liveAdapter: moneykitLiveAdapter,
  testCredentials: testMoneykitCredentials,
  linkDriver: moneykitLinkDriver,
  demo: moneykitDemo,
};
